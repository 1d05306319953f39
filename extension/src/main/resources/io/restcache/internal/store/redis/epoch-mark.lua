-- Cluster: a lazy purge's registry write, on the registry's slot. KEYS[1] = registry; ARGV = index id,
-- the purge's sequence, how long the index had to live (ms: its PTTL, which outlives every entry it
-- names). Returns the epoch's end (server ms). The caller unlinks the index only once this is written
-- (and confirmed where Redis has replicas): until then a retry finds the index and does it again.
--#include clock
--#include epoch
return fmt(mark_epoch(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])))
