package io.restcache.bench.app;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The baseline: the cache-aside filter a developer writes by hand in twenty lines. One Redisson
 * {@code RBucket<byte[]>} per URL (path and query): a hit is one GET and replays the bytes; a miss runs the method,
 * tees the body and SETs it with a TTL. It has none of restcache's rules (no key hygiene, no
 * per-user keys, no header replay, no ETag/304, no status or size checks, no Redis time budget):
 * it is the floor of what a Redis-backed cache costs, not an alternative.
 */
@Provider
@HandCached
@Priority(Priorities.USER + 1000)
public final class HandCacheFilter implements ContainerRequestFilter, WriterInterceptor {

    private static final String KEY = HandCacheFilter.class.getName() + ".key";
    private static final String TTL = HandCacheFilter.class.getName() + ".ttl";

    @Override
    public void filter(ContainerRequestContext request) {
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        String key = "bench:baseline:" + request.getUriInfo().getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
        byte[] hit = BaselineRedis.client().<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get();
        if (hit != null) {
            request.abortWith(Response.ok(hit, MediaType.APPLICATION_JSON_TYPE).build());
        } else {
            request.setProperty(KEY, key);
            // the miss scenario's URLs are never read again: keep them as briefly as restcache's miss does
            request.setProperty(TTL, query == null ? Duration.ofHours(1) : Duration.ofSeconds(10));
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        Object key = context.getProperty(KEY);
        if (key == null) {
            context.proceed();
            return;
        }
        OutputStream original = context.getOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        context.setOutputStream(body);
        context.proceed();
        context.setOutputStream(original);
        byte[] bytes = body.toByteArray();
        original.write(bytes);
        BaselineRedis.client().<byte[]>getBucket((String) key, ByteArrayCodec.INSTANCE).set(bytes, (Duration) context.getProperty(TTL));
    }
}
