package io.restcache.internal.http;

import java.util.List;

/** A {@code Content-Length} the application declared, against the body it wrote (RFC 9110 §8.6). */
public final class ContentLength {

    private ContentLength() {
    }

    /**
     * Whether a declared length is not the body's: the first client then gets what the container makes
     * of it (cut short, or a connection left waiting), while a hit would send the whole body — two
     * different answers, so such a response is not stored.
     *
     * @param declared the {@code Content-Length} values the application set (null or empty: none)
     * @param bodyLength the length of the body it wrote
     */
    public static boolean disagrees(List<String> declared, int bodyLength) {
        if (declared == null) {
            return false;
        }
        String expected = Integer.toString(bodyLength);
        return declared.stream().anyMatch(value -> !value.trim().equals(expected));
    }
}
