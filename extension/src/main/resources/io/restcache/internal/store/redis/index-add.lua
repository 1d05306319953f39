-- Cluster, step 1 of a store, on an index's slot. KEYS[1] = index, KEYS[2] = its fence;
-- ARGV = member, expiry (ms), now (ms), fill fence. Returns 0 when the index was purged after the fill
-- started (nothing added), else 1. The index lives at least as long as its newest member.
if tonumber(redis.call('GET', KEYS[2]) or '0') > tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local life = tonumber(ARGV[2]) - tonumber(ARGV[3]) + 1000
if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end
return 1
