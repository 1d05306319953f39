package io.restcache.internal.http;

import io.restcache.internal.store.CacheEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Revalidating a stored response with the resource method (RFC 9111 §4.3): the conditional request made
 * from its validators, and the headers of the stored response updated from a {@code 304} (§4.3.4, §3.2).
 *
 * <p>An in-application cache has no HTTP origin to send a conditional request to; what it can do is put the
 * stored validators into the request the method sees, so that a method that evaluates preconditions (JAX-RS
 * {@code Request.evaluatePreconditions}, or a proxy forwarding them to its own origin) answers {@code 304}
 * instead of building the body again. Only the method's own validators are sent: an entity tag restcache
 * derived from the body means nothing to the method.
 */
public final class Revalidation {

    /** Request fields that make a request conditional or partial: such a request is the client's own. */
    private static final Set<String> CLIENT_CONDITIONS = Set.of("if-none-match", "if-modified-since", "if-match",
            "if-unmodified-since", "if-range", "range");

    /**
     * Fields a 304 never updates: Content-Length (RFC 9111 §3.2), what describes the stored body's bytes
     * (its coding, range and digest), and framing; the entity tag stays the stored one (it is what was
     * validated).
     */
    private static final Set<String> NOT_UPDATED = Set.of("content-length", "content-encoding", "transfer-encoding",
            "content-range", "content-md5", "etag");

    private Revalidation() {
    }

    /** Whether the client's request carries conditions or a range of its own (then restcache adds none). */
    public static boolean clientConditional(Iterable<String> requestFieldNames) {
        for (String name : requestFieldNames) {
            if (CLIENT_CONDITIONS.contains(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request fields that ask the method to revalidate {@code stored}: {@code If-None-Match} with its
     * entity tag when the method set it, {@code If-Modified-Since} with its {@code Last-Modified}; empty when
     * it has neither (nothing to revalidate with).
     */
    public static Map<String, String> conditions(CacheEntry stored) {
        Map<String, String> conditions = new LinkedHashMap<>();
        if (stored.originTag()) {
            conditions.put("If-None-Match", stored.etag());
        }
        stored.lastModified().filter(lm -> Preconditions.parseHttpDate(lm).isPresent())
                .ifPresent(lm -> conditions.put("If-Modified-Since", lm));
        return conditions;
    }

    /**
     * The stored headers a {@code 304} leaves in place: every stored field the 304 does not carry itself
     * (those it carries replace the stored ones, §3.2), in stored order.
     *
     * @param notModifiedFieldNames the names of the fields the 304 carries
     */
    public static List<CacheEntry.Header> kept(List<CacheEntry.Header> stored, Iterable<String> notModifiedFieldNames) {
        Set<String> replaced = new java.util.HashSet<>();
        for (String name : notModifiedFieldNames) {
            replaced.add(name.toLowerCase(Locale.ROOT));
        }
        List<CacheEntry.Header> kept = new ArrayList<>();
        for (CacheEntry.Header h : stored) {
            if (!replaced.contains(h.name().toLowerCase(Locale.ROOT))) {
                kept.add(h);
            }
        }
        return kept;
    }

    /** Whether a field of a 304 must not update the stored response (it describes the 304, not the body). */
    public static boolean notUpdated(String fieldName) {
        return NOT_UPDATED.contains(fieldName.toLowerCase(Locale.ROOT));
    }
}
