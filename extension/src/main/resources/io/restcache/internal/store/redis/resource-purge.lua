-- A purge's step on a resource's slot. KEYS[1] = resource hash, KEYS[2] = its fence; ARGV = the purge's
-- sequence, fence TTL ms, then the variant fields to delete (none: the whole resource). Raises the
-- resource's fence, so a fill of this resource that started before the purge and has not written yet
-- never will, then deletes.
if tonumber(redis.call('GET', KEYS[2]) or '0') < tonumber(ARGV[1]) then
  redis.pcall('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
end
if #ARGV > 2 then
  return redis.call('HDEL', KEYS[1], unpack(ARGV, 3))
end
return redis.call('DEL', KEYS[1])
