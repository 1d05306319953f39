-- Cluster, step 2 of a store, on the resource's slot, once every index holds the variant's member.
-- KEYS = resource hash, lease, resource fence, expiries; ARGV = field, entry bytes, hash lifetime ms,
-- lease token ('' for none), fill fence, entry expiry (ms), now (ms), '1' to write or '0' to only
-- release the lease (an index refused the store), variant limit. Returns 1 when stored, 2 when the
-- resource already holds the most variants allowed and this one is new, else 0.
--#include expiries
local stored = 0
if ARGV[8] == '1' and full(KEYS[1], KEYS[4], ARGV[1], tonumber(ARGV[7]), tonumber(ARGV[9])) then
  stored = 2
elseif ARGV[8] == '1' and tonumber(redis.call('GET', KEYS[3]) or '0') <= tonumber(ARGV[5]) then
  local life = tonumber(ARGV[3])
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end
  track_expiry(KEYS[1], KEYS[4], ARGV[1], tonumber(ARGV[6]), tonumber(ARGV[7]), life)
  stored = 1
end
if ARGV[4] ~= '' and redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end
return stored
