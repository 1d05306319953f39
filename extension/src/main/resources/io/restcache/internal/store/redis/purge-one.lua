-- Single Redis: one chunk of a purge, atomically. KEYS = n indexes, their n fences, the sequence, then the
-- epoch registry; ARGV = the purge's sequence ('' on the first chunk: take the next one here), fence TTL ms,
-- resource key prefix ('<namespace>r:{'), how many members this chunk may drop at most, the lazy size (an
-- index holding more members is purged by an epoch; 0: never), then the n index ids (registry fields).
-- Raises each fence to the sequence. An index past the lazy size gets an epoch in the registry and is
-- unlinked (freed off the main thread): O(1) whatever its size; the entries it named stay in their hashes,
-- superseded, until they expire or are overwritten. Of the others it pops up to the budget of members and
-- HDELs their variants. Returns {sequence, members still indexed, members dropped, then per lazy index
-- its position (1-based) and its epoch's end (ms)}: the caller runs further chunks with the same sequence
-- until none remain, so no script blocks Redis for long, and a member leaves its index only in the same
-- atomic step that deletes its variant.
--#include clock
--#include epoch
local n = (#KEYS - 2) / 2
local registry = KEYS[#KEYS]
local seq
if ARGV[1] == '' then
  seq = next_sequence(KEYS[#KEYS - 1])
else
  seq = tonumber(ARGV[1])
end
local budget = tonumber(ARGV[4])
local lazySize = tonumber(ARGV[5])
local dropped, remaining = 0, 0
local reply = {}
for i = 1, n do
  if tonumber(redis.call('GET', KEYS[n + i]) or '0') < seq then
    redis.pcall('SET', KEYS[n + i], fmt(seq), 'PX', ARGV[2])
  end
  if lazySize > 0 and redis.call('ZCARD', KEYS[i]) > lazySize then
    local life = redis.call('PTTL', KEYS[i])
    if life < 0 then life = 2592000000 end    -- no TTL (never set by a store): thirty days
    local untilMs = mark_epoch(registry, ARGV[5 + i], seq, life)
    redis.call('UNLINK', KEYS[i])
    reply[#reply + 1] = i
    reply[#reply + 1] = fmt(untilMs)
  elseif budget > 0 then
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
local out = {fmt(seq), remaining, dropped}
for _, v in ipairs(reply) do out[#out + 1] = v end
return out
