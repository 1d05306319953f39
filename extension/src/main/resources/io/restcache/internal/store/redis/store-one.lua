-- Single Redis: the whole store in one atomic script. KEYS = resource hash, lease, resource fence,
-- expiries, then n indexes, then their n fences; ARGV = field, entry bytes, hash lifetime ms, lease token
-- ('' for none), index member, entry expiry (ms), now (ms), fill fence, variant limit, the control
-- state's key and the generation the entry's keys belong to (on one Redis the script may read that
-- undeclared key: a store into a generation the control state no longer names — Redis lost its data
-- moments ago and this node has not noticed yet — is refused like a fenced one).
-- Returns 1 when stored, 0 when a fence is newer than the fill, 2 when the resource already holds the
-- most variants allowed and this one is new (nothing written in either case). The lease is released
-- last, after every write, so that a store refused under OOM (the script fails at its first write)
-- leaves it to the caller's compare-and-delete.
--#include expiries
local n = (#KEYS - 4) / 2
local seq = tonumber(ARGV[8])
local stored = 1
if redis.call('HGET', ARGV[10], 'gen') ~= ARGV[11] then stored = 0 end
if tonumber(redis.call('GET', KEYS[3]) or '0') > seq then stored = 0 end
for i = 1, n do
  if tonumber(redis.call('GET', KEYS[4 + n + i]) or '0') > seq then stored = 0 end
end
if stored == 1 and full(KEYS[1], KEYS[4], ARGV[1], tonumber(ARGV[7]), tonumber(ARGV[9])) then stored = 2 end
if stored == 1 then
  -- indexes first: a script that fails half-way (a write refused) must never leave an entry that no
  -- purge can reach; a member without its variant costs nothing
  local indexLife = tonumber(ARGV[6]) - tonumber(ARGV[7]) + 1000
  for i = 1, n do
    redis.call('ZADD', KEYS[4 + i], ARGV[6], ARGV[5])
    redis.call('ZREMRANGEBYSCORE', KEYS[4 + i], '-inf', ARGV[7])
    if redis.call('PTTL', KEYS[4 + i]) < indexLife then redis.call('PEXPIRE', KEYS[4 + i], indexLife) end
  end
  local life = tonumber(ARGV[3])
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end
  track_expiry(KEYS[1], KEYS[4], ARGV[1], tonumber(ARGV[6]), tonumber(ARGV[7]), life)
end
if ARGV[4] ~= '' and redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end
return stored
