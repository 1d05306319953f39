package io.restcache.internal.jaxrs;

import io.restcache.internal.http.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;

/** Header edits restcache makes on responses of cached methods, whatever the cache did. */
final class ResponseLabels {

    private ResponseLabels() {
    }

    /**
     * Per-user responses must not be stored by shared caches downstream (RFC 9111 §5.2.2.7): adds
     * {@code private} to {@code Cache-Control} unless it already says {@code private} or {@code no-store}.
     */
    static void markPrivate(MultivaluedMap<String, Object> headers) {
        List<Object> lines = headers.get(HttpHeaders.CACHE_CONTROL);
        if (lines == null || lines.isEmpty()) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "private");
            return;
        }
        List<String> values = lines.stream().map(String::valueOf).toList();
        CacheControl cc = CacheControl.parse(values);
        if (!cc.has("private") && !cc.has("no-store")) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "private, " + String.join(", ", values));
        }
    }

    /** Removes a header whatever the case of its name. */
    static void remove(MultivaluedMap<String, Object> headers, String name) {
        List<String> present = null;     // on every response, and nearly always absent: no list then
        for (String key : headers.keySet()) {
            if (name.equalsIgnoreCase(key)) {
                if (present == null) {
                    present = new ArrayList<>(1);
                }
                present.add(key);
            }
        }
        if (present != null) {
            present.forEach(headers::remove);
        }
    }
}
