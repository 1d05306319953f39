-- Shared by scripts that read the server's clock. Numbers are Lua doubles: exact up to 2^53, and the
-- clock in microseconds is near 2^51 for centuries yet; printed with %.0f (tostring would use 1e+15).
local function server_micros()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function fmt(n)
  return string.format('%.0f', n)
end
-- The next invalidation sequence: max(previous + 1, server µs); see seq-next.lua. The SET is refused
-- under maxmemory/noeviction: the value is returned anyway (readers keep the older one, which only
-- refuses more stores).
local function next_sequence(key)
  local nxt = math.max(tonumber(redis.call('GET', key) or '0') + 1, server_micros())
  redis.pcall('SET', key, fmt(nxt))
  return nxt
end
-- A fill's fence: max(sequence, server µs - 1); see seq-read.lua.
local function read_fence(key)
  return math.max(tonumber(redis.call('GET', key) or '0'), server_micros() - 1)
end
