-- Before the method runs. KEYS[1] = resource hash, KEYS[2] = lease (same slot), KEYS[3] = sequence
-- (single Redis only: on a cluster it lives in another slot and is read beside this script);
-- ARGV = variant field, lease token, lease ms, now (fleet clock, ms).
-- Returns {2, fence, entry} when the variant is already fresh (another fill stored it between the
-- caller's lookup and now: without this check the caller would take the just-released lease and run
-- the method again); else {1, fence} when the lease is ours (or Redis refused it) and {0, fence} when
-- another fill holds it. The entry's freshness is read in place from its header, so a stale entry is
-- not shipped back. The fence is seq-read's value ('0' on a cluster).
--#include clock
local seq = '0'
if #KEYS == 3 then
  seq = fmt(read_fence(KEYS[3]))
end
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and #v >= @FRESH_UNTIL_OFFSET@ + 8 and string.byte(v, 1) >= @MIN_REVISION@ and string.byte(v, 1) <= @REVISION@ then
  local fresh = 0
  for i = @FRESH_UNTIL_OFFSET@ + 1, @FRESH_UNTIL_OFFSET@ + 8 do fresh = fresh * 256 + string.byte(v, i) end
  if fresh > tonumber(ARGV[4]) then return {2, seq, v} end
end
local took = redis.pcall('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3])
if took == false then return {0, seq} end
return {1, seq}
