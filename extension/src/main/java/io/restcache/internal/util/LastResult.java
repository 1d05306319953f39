package io.restcache.internal.util;

import java.util.Objects;
import java.util.function.Function;

/**
 * The result of a pure function for the input it was last asked about. Some values are the same on
 * nearly every request (the origin, the {@code Accept-Encoding} line, the key namespace of the current
 * generation) and cost more to work out than to compare: this keeps the last one, with no bound to
 * manage and no lock (a race only computes the result twice).
 *
 * @param <K> the input; compared with {@code equals}
 * @param <V> the result
 */
public final class LastResult<K, V> {

    private record Last<K, V>(K input, V result) {
    }

    private final Function<K, V> function;
    private volatile Last<K, V> last;

    /** @param function a pure function: the same input always gives an equal result */
    public LastResult(Function<K, V> function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    /** The function's result for this input, computed only when the input differs from the last one. */
    public V apply(K input) {
        Last<K, V> l = last;
        if (l != null && l.input().equals(input)) {
            return l.result();
        }
        V result = function.apply(input);
        last = new Last<>(input, result);
        return result;
    }
}
