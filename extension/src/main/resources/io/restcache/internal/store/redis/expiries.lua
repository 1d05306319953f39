-- Shared by the store scripts. A resource hash's TTL only grows (no per-field TTL before Redis 7.4), so
-- once a resource holds two variants, their expiries are kept in a sorted set beside it and every store
-- removes the variants whose stale window has ended: a resource whose variants churn stays bounded.
-- The set is backfilled from the entries' headers when it is missing (the second variant arrives, or
-- the set expired or was evicted).
local STALE_UNTIL_AT = @STALE_UNTIL_OFFSET@
local MIN_REVISION, REVISION = @MIN_REVISION@, @REVISION@
local function stale_until(v)
  if not v or #v < STALE_UNTIL_AT + 8 or string.byte(v, 1) < MIN_REVISION or string.byte(v, 1) > REVISION then return 0 end
  local t = 0
  for i = STALE_UNTIL_AT + 1, STALE_UNTIL_AT + 8 do t = t * 256 + string.byte(v, i) end
  return t
end
-- Removes the variants whose stale window ended before now (where their expiries are kept).
local function prune(hash, expiries, now)
  local gone = redis.call('ZRANGEBYSCORE', expiries, '-inf', now)
  if #gone > 0 then
    redis.call('HDEL', hash, unpack(gone))
    redis.call('ZREM', expiries, unpack(gone))
  end
end
-- Whether a new variant would take the resource past its variant limit (expired ones removed first).
local function full(hash, expiries, field, now, limit)
  if redis.call('HEXISTS', hash, field) == 1 then return false end
  if redis.call('HLEN', hash) < limit then return false end
  prune(hash, expiries, now)
  return redis.call('HLEN', hash) >= limit
end
local function track_expiry(hash, expiries, field, expiry, now, life)
  if redis.call('HLEN', hash) < 2 then return end
  if redis.call('EXISTS', expiries) == 0 then
    for _, f in ipairs(redis.call('HKEYS', hash)) do
      if f ~= field then redis.call('ZADD', expiries, stale_until(redis.call('HGET', hash, f)), f) end
    end
  end
  redis.call('ZADD', expiries, expiry, field)
  prune(hash, expiries, now)
  if redis.call('PTTL', expiries) < life then redis.call('PEXPIRE', expiries, life) end
end
