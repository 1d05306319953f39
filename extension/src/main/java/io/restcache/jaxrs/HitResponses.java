package io.restcache.jaxrs;

import io.restcache.http.CacheStatus;
import io.restcache.http.EntityTags;
import io.restcache.store.CacheEntry;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds the responses a hit answers with: the stored 200, or a 304 when the client's validators match. */
final class HitResponses {

    /**
     * The headers a 304 carries when the 200 would have carried them (RFC 9110 §15.4.5); the 304 also
     * carries ETag, Date (added by the container), Age and Cache-Status.
     */
    private static final Set<String> NOT_MODIFIED_HEADERS = Set.of("cache-control", "content-location", "expires",
            "vary");

    private HitResponses() {
    }

    static Response answer(CacheEntry entry, List<String> ifNoneMatch, long nowMillis) {
        boolean notModified = ifNoneMatch != null && EntityTags.noneMatchFails(ifNoneMatch, entry.etag());
        Response.ResponseBuilder response = notModified ? Response.notModified()
                : Response.status(entry.status()).entity(entry.body());
        for (CacheEntry.Header h : entry.headers()) {
            if (!notModified || NOT_MODIFIED_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                response.header(h.name(), h.value());
            }
        }
        return response
                .header(HttpHeaders.ETAG, entry.etag())
                .header("Age", entry.ageSeconds(nowMillis))
                .header(CacheStatus.HEADER, CacheStatus.hit(entry.ttlSeconds(nowMillis)))
                .build();
    }
}
