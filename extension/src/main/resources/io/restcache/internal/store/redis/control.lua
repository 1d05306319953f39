-- Reads the control state, creating it when it is missing (first start, or Redis lost it): a new
-- incarnation id and a generation taken from the server clock, so that a generation is never reused.
-- KEYS[1] = control hash; ARGV[1] = an incarnation id to use if one must be created, ARGV[2] = a
-- generated user-hash secret ('' when the application configures its own).
-- Returns {id, generation, secret, server time µs} ('' where missing: Redis refused the writes).
--#include clock
local now = server_micros()
if not redis.call('HGET', KEYS[1], 'id') then
  redis.pcall('HSET', KEYS[1], 'id', ARGV[1], 'gen', fmt(now))
end
if ARGV[2] ~= '' then
  redis.pcall('HSETNX', KEYS[1], 'secret', ARGV[2])
end
local v = redis.call('HMGET', KEYS[1], 'id', 'gen', 'secret')
return {v[1] or '', v[2] or '', v[3] or '', fmt(now)}
