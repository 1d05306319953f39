-- Cluster, a purge's first step on an index's slot. KEYS[1] = index, KEYS[2] = its fence; ARGV = the
-- purge's sequence, fence TTL ms, how many members to read (-1: all). Raises the fence (from here on no
-- fill that started before the purge can add itself), then returns members WITHOUT removing them:
-- they leave the index only after their variants are gone, so a purge that fails half-way is resumed
-- by its retry instead of being forgotten.
if tonumber(redis.call('GET', KEYS[2]) or '0') < tonumber(ARGV[1]) then
  redis.pcall('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
end
local last = tonumber(ARGV[3])
if last > 0 then last = last - 1 end
return redis.call('ZRANGE', KEYS[1], 0, last)
