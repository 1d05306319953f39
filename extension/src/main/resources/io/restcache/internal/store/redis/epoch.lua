-- Shared by the scripts that purge a huge index lazily (purge-one.lua, epoch-mark.lua). The registry is a
-- hash of index id -> '<sequence>:<until ms>': every entry of that index whose fill began before the
-- sequence is superseded, until then (server time, when the last entry it could name has expired).
-- Needs clock.lua. A second epoch of the same index keeps the later sequence and the later end: the
-- entries the first one superseded are superseded by the second too.
local function mark_epoch(registry, id, seq, life)
  local untilMs = math.floor(server_micros() / 1000) + life
  local previous = redis.call('HGET', registry, id)
  if previous then
    local c = string.find(previous, ':', 1, true)
    if c then untilMs = math.max(untilMs, tonumber(string.sub(previous, c + 1)) or 0) end
  end
  redis.call('HSET', registry, id, fmt(seq) .. ':' .. fmt(untilMs))
  local keep = untilMs - math.floor(server_micros() / 1000)
  if redis.call('PTTL', registry) < keep then redis.call('PEXPIRE', registry, keep) end
  return untilMs
end
