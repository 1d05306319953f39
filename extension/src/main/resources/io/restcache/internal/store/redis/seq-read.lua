-- A fill's fence: max(sequence, server time - 1 µs). Every later seq-next on this server is greater
-- (it is at least the previous value + 1 and at least the later time), and the value is close to the
-- server's time, so a store can tell how old its fill is. Writes nothing. KEYS[1] = sequence.
--#include clock
return fmt(read_fence(KEYS[1]))
