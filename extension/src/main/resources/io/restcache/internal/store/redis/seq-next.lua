-- The next invalidation sequence: max(previous + 1, server time in microseconds). A sequence lost with
-- Redis's data (flush, restart without persistence, failover to a replica that lagged) therefore comes
-- back above every value handed out before, as long as the clock moved on by more than it lost.
-- KEYS[1] = sequence. Returns the new value (as text). Under maxmemory/noeviction the SET is refused:
-- the value is returned anyway, and readers keep seeing the older one, which only refuses more stores.
--#include clock
return fmt(next_sequence(KEYS[1]))
