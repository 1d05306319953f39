package io.restcache.jaxrs;

import io.restcache.http.CacheStatus;
import io.restcache.http.ContentCoding;
import io.restcache.http.Preconditions;
import io.restcache.store.CacheEntry;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Builds the responses a hit answers with: the stored 200, or a 304 when the client's validators match. */
final class HitResponses {

    /**
     * The headers a 304 carries when the 200 would have carried them (RFC 9110 §15.4.5); the 304 also
     * carries ETag, Date (added by the container), Age and Cache-Status, and no body.
     */
    private static final Set<String> NOT_MODIFIED_HEADERS = Set.of("cache-control", "content-location", "expires",
            "vary");

    private HitResponses() {
    }

    /**
     * @return the answer, or empty when the entry cannot be used (a gzip body that does not decode), which
     *         the caller treats as a miss so that the next store overwrites it
     */
    static Optional<Response> answer(CacheEntry entry, MultivaluedMap<String, String> requestHeaders,
            boolean acceptsGzip, long nowMillis, String cacheStatus) {
        boolean sendGzip = entry.gzipped() && acceptsGzip;
        String etag = sendGzip ? ContentCoding.gzipTag(entry.etag()) : entry.etag();
        boolean notModified = Preconditions.notModified(requestHeaders.get(HttpHeaders.IF_NONE_MATCH),
                requestHeaders.get(HttpHeaders.IF_MODIFIED_SINCE), etag, lastModified(entry));
        Response.ResponseBuilder response;
        if (notModified) {
            response = Response.notModified();
        } else {
            byte[] body = entry.body();
            if (entry.gzipped() && !sendGzip) {
                try {
                    body = ContentCoding.gunzip(body);
                } catch (UncheckedIOException corrupt) {
                    return Optional.empty();
                }
            }
            response = Response.status(entry.status()).entity(body);
            if (sendGzip) {
                response.header(HttpHeaders.CONTENT_ENCODING, ContentCoding.GZIP);
            }
        }
        for (CacheEntry.Header h : entry.headers()) {
            if (!notModified || NOT_MODIFIED_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                response.header(h.name(), h.value());
            }
        }
        return Optional.of(response
                .header(HttpHeaders.ETAG, etag)
                .header("Age", entry.ageSeconds(nowMillis))
                .header(CacheStatus.HEADER, cacheStatus)
                .build());
    }

    /** The method's Last-Modified if it sent a valid one, else when the entry was stored. */
    private static long lastModified(CacheEntry entry) {
        for (CacheEntry.Header h : entry.headers()) {
            if (h.name().equalsIgnoreCase(HttpHeaders.LAST_MODIFIED)) {
                Optional<Long> parsed = Preconditions.parseHttpDate(h.value());
                if (parsed.isPresent()) {
                    return parsed.get();
                }
            }
        }
        return entry.storedAtMillis();
    }
}
