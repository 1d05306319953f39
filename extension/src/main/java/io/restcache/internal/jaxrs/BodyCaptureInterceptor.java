package io.restcache.internal.jaxrs;

import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.http.CacheOutcome;
import io.restcache.internal.http.ContentCoding;
import io.restcache.internal.http.ContentLength;
import io.restcache.internal.http.EntityTags;
import io.restcache.internal.http.Freshness;
import io.restcache.internal.http.HttpDates;
import io.restcache.internal.http.ReplayHeaders;
import io.restcache.internal.http.Revalidation;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.policy.TagTemplate;
import io.restcache.internal.runtime.RedisCalls.RedisSkipped;
import io.restcache.internal.runtime.RestCacheRuntime;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.StoreOutcome;
import io.restcache.internal.store.TagRef;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.RuntimeDelegate;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Captures the serialized body of a storable response (bounded), compresses it once when that pays,
 * sends the representation the client accepts with its strong ETag, and then stores it. The client's
 * bytes go out first: a body cut short by an exception or by a client that went away is never stored.
 */
final class BodyCaptureInterceptor implements WriterInterceptor {

    private static final Logger LOG = Logger.getLogger(BodyCaptureInterceptor.class.getName());

    private final CachePolicy policy;
    private final RestCacheRuntime runtime;

    BodyCaptureInterceptor(CachePolicy policy, RestCacheRuntime runtime) {
        this.policy = policy;
        this.runtime = runtime;
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        CacheExchange exchange = CacheExchange.of(context);
        if (exchange == null || !exchange.storing()) {
            context.proceed();
            return;
        }
        OutputStream original = context.getOutputStream();
        BoundedCapture capture = new BoundedCapture(original, policy.maxBodySize(), () -> {
            exchange.abandonStore();
            exchange.endFlight(runtime, Optional.empty());
            notStored(exchange, context.getHeaders(), "too-large");
        });
        context.setOutputStream(capture);
        try {
            context.proceed();
        } catch (IOException | RuntimeException e) {
            exchange.abandonStore();
            exchange.endFlight(runtime, Optional.empty());
            throw e;
        } finally {
            context.setOutputStream(original);
        }
        if (capture.overflowed()) {
            return;
        }
        byte[] body = capture.bytes();
        MultivaluedMap<String, Object> headers = context.getHeaders();
        if (headers.containsKey(HttpHeaders.CONTENT_ENCODING)) {
            // an encoder outside restcache codes this body: pass it through as the application intended
            exchange.abandonStore();
            exchange.endFlight(runtime, Optional.empty());
            notStored(exchange, headers, "content-encoding");
            original.write(body);
            return;
        }
        if (declaredLengthDiffers(headers, body.length)) {
            exchange.abandonStore();
            exchange.endFlight(runtime, Optional.empty());
            notStored(exchange, headers, "content-length");
            original.write(body);
            return;
        }
        Object methodTag = headers.getFirst(HttpHeaders.ETAG);
        String etag = methodTag != null ? headerValue(methodTag) : EntityTags.strongFor(body);
        byte[] gzipped = compress(body);
        boolean sendGzip = gzipped != null && exchange.acceptsGzip();
        headers.putSingle(HttpHeaders.ETAG, sendGzip ? ContentCoding.gzipTag(etag) : etag);
        if (sendGzip) {
            headers.putSingle(HttpHeaders.CONTENT_ENCODING, ContentCoding.GZIP);
            headers.remove(HttpHeaders.CONTENT_LENGTH);
        }
        List<CacheEntry.Header> replay = replayHeaders(context, exchange.applicationCacheControl());
        // stored before the body goes out (one round trip, within the Redis budget), so that Cache-Status
        // says what really happened: "stored" only when Redis kept it
        store(exchange, replay, etag, methodTag != null, gzipped != null ? gzipped : body, gzipped != null, body, headers)
                .ifPresent(reason -> notStored(exchange, headers, reason));
        original.write(sendGzip ? gzipped : body);
        original.flush();
    }

    private void notStored(CacheExchange exchange, MultivaluedMap<String, Object> headers, String reason) {
        exchange.label(CacheOutcome.notStored(exchange.reason(), exchange.status(), reason), headers, runtime);
    }

    /** Whether the application declared a Content-Length that is not the body's. */
    private static boolean declaredLengthDiffers(MultivaluedMap<String, Object> headers, int length) {
        List<Object> declared = headers.get(HttpHeaders.CONTENT_LENGTH);
        return declared != null
                && ContentLength.disagrees(declared.stream().map(BodyCaptureInterceptor::headerValue).toList(), length);
    }

    /** The gzip coding of the body, or null when it is off, too small to pay, or does not shrink enough. */
    private byte[] compress(byte[] body) {
        int level = runtime.settings().compressionLevelFor(body.length);
        if (level == 0 || body.length < runtime.settings().compressionMinSize()) {
            return null;
        }
        byte[] gzipped = ContentCoding.gzip(body, level);
        return gzipped.length < body.length * 0.9 ? gzipped : null;
    }

    /**
     * Stores the entry; empty when Redis kept it, else the {@code Cache-Status} detail of why not.
     *
     * @param identity the body as the method wrote it: the near cache keeps it for identity clients, so a
     *                 fill does not decode the gzip body it has just written (one inflate less per fill)
     */
    private Optional<String> store(CacheExchange exchange, List<CacheEntry.Header> replay, String etag,
            boolean originTag, byte[] body, boolean gzipped, byte[] identity, MultivaluedMap<String, Object> headers) {
        long now = runtime.clock().millis();
        Set<TagRef> refs = indexRefs(exchange);
        Freshness.Lifetime lifetime = exchange.lifetime();
        // stored-at goes back by the age an upstream cache reported, so that Age adds to it (RFC 9111 §4.2.3)
        long storedAt = now - lifetime.ageMillis();
        CacheEntry entry = new CacheEntry(exchange.status(), gzipped, withoutDerivableDate(replay, storedAt), etag,
                storedAt, now + lifetime.freshMillis(), now + lifetime.retentionMillis(), body, refs, originTag);
        // with the method's own validators, Redis keeps the entry past its stale window so that the method
        // can revalidate it (304) instead of building it again; it is never served from there unvalidated
        long keptMillis = Revalidation.conditions(entry).isEmpty() ? lifetime.retentionMillis()
                : Math.max(lifetime.retentionMillis(), lifetime.freshMillis() + runtime.settings().revalidationKeep().toMillis());
        boolean stored = false;
        try {
            StoreOutcome outcome = runtime.calls(policy).call("store", exchange.key().resourceKey(), () -> runtime.store(policy)
                    .store(exchange.key(), entry, refs, exchange.fillSequence(), keptMillis,
                            exchange.leaseToken()));
            exchange.leaseReleased();
            stored = outcome == StoreOutcome.STORED;
            switch (outcome) {
                case STORED -> {
                    runtime.metrics().count("store.ok");
                    runtime.near().put(exchange.key(), entry, identity, exchange.nearEpoch());
                    EdgeLabels.keep(headers, runtime, policy, refs, exchange::path, exchange.key(),
                            entry.freshUntilMillis());
                    return Optional.empty();
                }
                case FENCED -> {
                    runtime.metrics().count("store.fenced");
                    LOG.fine(() -> policy.methodId() + ": something this response is indexed under was invalidated "
                            + "while it was computed (or Redis lost its data); it was not kept");
                    return Optional.of("fenced");
                }
                case UNREPLICATED -> {
                    runtime.metrics().count("store.unreplicated");
                    LOG.fine(() -> policy.methodId() + ": no replica confirmed this response's index entries in time "
                            + "(a master failing over, or a replica lagging); it was not kept");
                    return Optional.of("unreplicated");
                }
                default -> {
                    runtime.problems().warn("variant-limit:" + policy.methodId(), "restcache: " + policy.methodId()
                            + ": a resource already holds " + runtime.settings().maxVariants() + " variants; new "
                            + "variants of it are not stored (raise " + RestCacheSettings.KEY_MAX_VARIANTS
                            + ", or narrow @VaryBy)");
                    return Optional.of("variant-limit");
                }
            }
        } catch (RedisSkipped e) {
            runtime.metrics().count("store.failure");
            return Optional.of("store-failed");
        } finally {
            exchange.endFlight(runtime, stored ? Optional.of(entry) : Optional.empty());
        }
    }

    /**
     * The headers without a {@code Date} that says exactly what the entry's stored-at time says: hits send
     * {@code Date} from stored-at when the entry has none ({@link HitResponses}), so it need not be stored
     * (~37 bytes of every entry; for a 2 KB per-user response that is 4% of what Redis holds for it). A
     * {@code Date} that differs — the method's own, or one an upstream cache's {@code Age} moved stored-at
     * away from — is kept.
     */
    static List<CacheEntry.Header> withoutDerivableDate(List<CacheEntry.Header> headers, long storedAtMillis) {
        String derived = null;
        List<CacheEntry.Header> kept = new ArrayList<>(headers.size());
        for (CacheEntry.Header h : headers) {
            if (h.name().equalsIgnoreCase(HttpHeaders.DATE)) {
                if (derived == null) {
                    derived = HttpDates.format(storedAtMillis);
                }
                if (derived.equals(h.value())) {
                    continue;
                }
            }
            kept.add(h);
        }
        return kept.size() == headers.size() ? headers : kept;
    }

    /** The entry's tags (templates rendered, plus run-time ones), its path and, per user, its user. */
    private Set<TagRef> indexRefs(CacheExchange exchange) {
        Set<TagRef> refs = new HashSet<>();
        for (TagTemplate template : policy.tags()) {
            String tag = template.render(exchange.templateValues());
            if (!tag.isEmpty()) {
                refs.add(TagRef.tag(tag));
            }
        }
        exchange.dynamicTags().forEach(tag -> refs.add(TagRef.tag(tag)));
        refs.add(TagRef.path(exchange.path()));
        exchange.userHash().ifPresent(hash -> refs.add(TagRef.user(hash)));
        return refs;
    }

    /** The headers to replay on hits; ETag and Content-Encoding are not among them: hits choose their own. */
    /**
     * @param cacheControl the application's own {@code Cache-Control} lines, replayed instead of the field's
     *        current value when restcache rewrote it for the edge; null to replay the field as it is
     */
    private static List<CacheEntry.Header> replayHeaders(WriterInterceptorContext context, List<String> cacheControl) {
        MultivaluedMap<String, Object> headers = context.getHeaders();
        Set<String> connectionListed = new HashSet<>();
        List<Object> connection = headers.get("Connection");
        if (connection != null) {
            for (Object line : connection) {
                for (String name : headerValue(line).split(",")) {
                    connectionListed.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<CacheEntry.Header> kept = new ArrayList<>();
        boolean hasContentType = false;
        for (Map.Entry<String, List<Object>> e : headers.entrySet()) {
            String name = e.getKey();
            if (name.equalsIgnoreCase(HttpHeaders.ETAG) || name.equalsIgnoreCase(HttpHeaders.CONTENT_ENCODING)
                    || !ReplayHeaders.replayable(name, connectionListed)) {
                continue;
            }
            hasContentType |= name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE);
            if (cacheControl != null && name.equalsIgnoreCase(HttpHeaders.CACHE_CONTROL)) {
                cacheControl.forEach(line -> kept.add(new CacheEntry.Header(name, line)));
                continue;
            }
            for (Object value : e.getValue()) {
                kept.add(new CacheEntry.Header(name, headerValue(value)));
            }
        }
        MediaType negotiated = context.getMediaType();
        if (!hasContentType && negotiated != null) {
            kept.add(new CacheEntry.Header(HttpHeaders.CONTENT_TYPE, negotiated.toString()));
        }
        return kept;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String headerValue(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            RuntimeDelegate.HeaderDelegate delegate = RuntimeDelegate.getInstance().createHeaderDelegate(value.getClass());
            return delegate.toString(value);
        } catch (RuntimeException e) {
            return value.toString();
        }
    }
}
