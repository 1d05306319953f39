-- "Invalidate everything": moves the generation to max(generation + 1, server time µs).
-- KEYS[1] = control hash; ARGV[1] = an incarnation id if the state must be created.
-- Returns {id, generation}.
--#include clock
local now = server_micros()
if not redis.call('HGET', KEYS[1], 'id') then
  redis.call('HSET', KEYS[1], 'id', ARGV[1], 'gen', fmt(now))
end
local g = math.max(tonumber(redis.call('HGET', KEYS[1], 'gen')) + 1, now)
redis.call('HSET', KEYS[1], 'gen', fmt(g))
return {redis.call('HGET', KEYS[1], 'id'), fmt(g)}
