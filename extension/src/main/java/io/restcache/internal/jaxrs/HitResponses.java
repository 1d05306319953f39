package io.restcache.internal.jaxrs;

import io.restcache.internal.http.CacheOutcome;
import io.restcache.internal.http.CacheStatus;
import io.restcache.internal.http.ContentCoding;
import io.restcache.internal.http.HttpDates;
import io.restcache.internal.http.Preconditions;
import io.restcache.internal.store.CacheEntry;
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
     * carries ETag, Age and Cache-Status, and no body. Date is the stored one, as on the 200 (§6.6.1: the
     * time the representation was generated, which a cache passes on).
     */
    private static final Set<String> NOT_MODIFIED_HEADERS = Set.of("cache-control", "content-location", "date",
            "expires", "vary");

    private HitResponses() {
    }

    /**
     * @return the answer, or empty when the entry cannot be used (a gzip body that does not decode), which
     *         the caller treats as a miss so that the next store overwrites it
     */
    static Optional<Response> answer(CacheEntry entry, MultivaluedMap<String, String> requestHeaders,
            boolean acceptsGzip, long nowMillis, CacheOutcome outcome) {
        boolean sendGzip = entry.gzipped() && acceptsGzip;
        String etag = sendGzip ? ContentCoding.gzipTag(entry.etag()) : entry.etag();
        // preconditions apply only when the response would be 2xx (RFC 9110 §13.2.1): never a 304 for a stored 404
        boolean notModified = entry.status() >= 200 && entry.status() < 300 && Preconditions.notModified(requestHeaders.get(HttpHeaders.IF_NONE_MATCH),
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
        boolean dated = false;
        for (CacheEntry.Header h : entry.headers()) {
            dated |= h.name().equalsIgnoreCase(HttpHeaders.DATE);
            if (!notModified || NOT_MODIFIED_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                response.header(h.name(), h.value());
            }
        }
        if (!dated) {
            response.header(HttpHeaders.DATE, HttpDates.format(entry.storedAtMillis()));  // stored before Dates were
        }
        return Optional.of(response
                .header(HttpHeaders.ETAG, etag)
                .header("Age", Long.toString(entry.ageSeconds(nowMillis)))     // a String: no header-delegate lookup
                .header(CacheStatus.HEADER, CacheStatus.format(outcome))
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
