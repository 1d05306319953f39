-- Single Redis: one chunk of a purge, atomically. KEYS = n indexes, their n fences, then the sequence;
-- ARGV = the purge's sequence ('' on the first chunk: take the next one here), fence TTL ms, resource key
-- prefix ('<namespace>r:{'), how many members this chunk may drop at most.
-- Raises each fence to the sequence, then pops up to the budget of members and HDELs their variants.
-- Returns {sequence, members still indexed, members dropped}: the caller runs further chunks with the
-- same sequence until none remain, so no script blocks Redis for long, and a member leaves its index
-- only in the same atomic step that deletes its variant.
--#include clock
local n = (#KEYS - 1) / 2
local seq
if ARGV[1] == '' then
  seq = next_sequence(KEYS[#KEYS])
else
  seq = tonumber(ARGV[1])
end
local budget = tonumber(ARGV[4])
local dropped, remaining = 0, 0
for i = 1, n do
  if tonumber(redis.call('GET', KEYS[n + i]) or '0') < seq then
    redis.pcall('SET', KEYS[n + i], fmt(seq), 'PX', ARGV[2])
  end
  if budget > 0 then
    local members = redis.call('ZRANGE', KEYS[i], 0, budget - 1)
    for _, m in ipairs(members) do
      local c = string.find(m, ':', 1, true)
      if c then redis.call('HDEL', ARGV[3] .. string.sub(m, 1, c - 1) .. '}', string.sub(m, c + 1)) end
    end
    if #members > 0 then redis.call('ZREM', KEYS[i], unpack(members)) end
    budget = budget - #members
    dropped = dropped + #members
  end
  remaining = remaining + redis.call('ZCARD', KEYS[i])
end
return {fmt(seq), remaining, dropped}
