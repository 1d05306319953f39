package io.restcache.internal.store;

import java.util.List;
import java.util.Set;

/**
 * One stored response: what a hit replays.
 *
 * @param status the HTTP status
 * @param gzipped whether {@link #body()} is gzip-coded (it then holds the gzip representation; the
 *        identity one is decoded from it for clients that do not accept gzip)
 * @param headers the headers to replay, in order, names as the method set them
 * @param etag the strong entity tag of the identity representation, with quotes
 * @param storedAtMillis when it was stored (epoch millis)
 * @param freshUntilMillis until when it may be served as fresh (epoch millis)
 * @param staleUntilMillis until when it may still be served stale (epoch millis, ≥ freshUntil)
 * @param body the response body as the method's writer produced it (gzip-coded when {@link #gzipped()})
 * @param refs what the entry is indexed under (tags, path, user): a node that loads it from Redis into
 *        its near cache indexes it the same way, so fleet invalidations reach it there too
 * @param originTag whether {@link #etag()} is the method's own (its {@code ETag}), not one restcache derived
 *        from the body: only then can the method revalidate it ({@code If-None-Match})
 */
public record CacheEntry(
        int status,
        boolean gzipped,
        List<Header> headers,
        String etag,
        long storedAtMillis,
        long freshUntilMillis,
        long staleUntilMillis,
        byte[] body,
        Set<TagRef> refs,
        boolean originTag) {

    public CacheEntry {
        headers = List.copyOf(headers);
        refs = Set.copyOf(refs);
    }

    /** An entry whose entity tag restcache derived from the body. */
    public CacheEntry(int status, boolean gzipped, List<Header> headers, String etag, long storedAtMillis,
            long freshUntilMillis, long staleUntilMillis, byte[] body, Set<TagRef> refs) {
        this(status, gzipped, headers, etag, storedAtMillis, freshUntilMillis, staleUntilMillis, body, refs, false);
    }

    /** The value of the method's {@code Last-Modified} header, if it sent one. */
    public java.util.Optional<String> lastModified() {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase("Last-Modified")).map(Header::value).findFirst();
    }

    /** One response header line. */
    public record Header(String name, String value) {
    }

    public boolean isFresh(long nowMillis) {
        return nowMillis < freshUntilMillis;
    }

    /** Remaining freshness in whole seconds, never negative while fresh. */
    public long ttlSeconds(long nowMillis) {
        return Math.floorDiv(freshUntilMillis - nowMillis, 1000);
    }

    /** {@code Age} in whole seconds (RFC 9111 §5.1). */
    public long ageSeconds(long nowMillis) {
        return Math.max(0, (nowMillis - storedAtMillis) / 1000);
    }
}
