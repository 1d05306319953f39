-- Cluster, a purge's first step on an index's slot. KEYS[1] = index, KEYS[2] = its fence; ARGV = the
-- purge's sequence, fence TTL ms, how many members to read (-1: all), the lazy size (0: never). Raises the
-- fence (from here on no fill that started before the purge can add itself), then returns members WITHOUT
-- removing them: they leave the index only after their variants are gone, so a purge that fails half-way
-- is resumed by its retry instead of being forgotten. An index holding more members than the lazy size is
-- not read: the reply is {'~', its PTTL} and the caller marks an epoch (epoch-mark.lua) and then unlinks it.
if tonumber(redis.call('GET', KEYS[2]) or '0') < tonumber(ARGV[1]) then
  redis.pcall('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
end
local lazySize = tonumber(ARGV[4] or '0')
if lazySize > 0 and redis.call('ZCARD', KEYS[1]) > lazySize then
  local life = redis.call('PTTL', KEYS[1])
  if life < 0 then life = 2592000000 end    -- no TTL (never set by a store): thirty days
  return {'~', tostring(life)}
end
local last = tonumber(ARGV[3])
if last > 0 then last = last - 1 end
return redis.call('ZRANGE', KEYS[1], 0, last)
