-- Shared by scripts that read the server's clock. Numbers are Lua doubles: exact up to 2^53, and the
-- clock in microseconds is near 2^51 for centuries yet; printed with %.0f (tostring would use 1e+15).
local function server_micros()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function fmt(n)
  return string.format('%.0f', n)
end
