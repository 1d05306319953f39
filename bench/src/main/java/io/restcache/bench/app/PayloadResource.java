package io.restcache.bench.app;

import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.VaryBy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The endpoints the benchmark measures side by side. Each method is one line of work, identical where
 * the scenarios are meant to differ only in the cache in front of it. {@code size} is {@code 2k} or
 * {@code 20k}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PayloadResource {

    /** Ceiling: the same precomputed bytes every time, no cache: the fastest any in-process hit can be. */
    @GET
    @Path("ceiling/{size}")
    public byte[] ceiling(@PathParam("size") String size) {
        Calls.ran("ceiling", size);
        return Payloads.bytes(size);
    }

    /** restcache Redis hit: the ceiling's method behind {@code @Cached}. */
    @GET
    @Path("cached/{size}")
    @Cached(ttl = "1h")
    public byte[] cached(@PathParam("size") String size) {
        Calls.ran("cached", size);
        return Payloads.bytes(size);
    }

    /**
     * The Redis hit with an entry that carries 20 tags (the costs that grow with work: hit latency with 1
     * tag vs 20): the same bytes as {@code /cached/{size}}, whose entry has none but its path.
     */
    @GET
    @Path("cached-20-tags/{size}")
    @Cached(ttl = "1h")
    @CacheTags({"t01:{size}", "t02:{size}", "t03:{size}", "t04:{size}", "t05:{size}", "t06:{size}", "t07:{size}",
            "t08:{size}", "t09:{size}", "t10:{size}", "t11:{size}", "t12:{size}", "t13:{size}", "t14:{size}",
            "t15:{size}", "t16:{size}", "t17:{size}", "t18:{size}", "t19:{size}", "t20:{size}"})
    public byte[] cachedWithTwentyTags(@PathParam("size") String size) {
        Calls.ran("cached-20-tags", size);
        return Payloads.bytes(size);
    }

    /**
     * A per-user response as an API keeps it: one variant per caller ({@code X-Bench-User}, see
     * {@link BenchCallerFilter}) and one tag besides the path and user indexes every per-user entry has.
     * The memory section stores one per caller to measure what a per-user entry costs Redis.
     */
    @GET
    @Path("per-user/{size}")
    @Cached(ttl = "1h")
    @VaryBy(user = true)
    @CacheTags("feed:{size}")
    public byte[] perUser(@PathParam("size") String size) {
        Calls.ran("per-user", size);
        return Payloads.bytes(size);
    }

    /**
     * The store comparison (MemcachedBenchmark): the ceiling's method behind {@code @Cached}, in Redis here;
     * the benchmark moves {@link #onMemcached} to Memcached with its per-method {@code store} override, so
     * that the WAR deploys without a Memcached everywhere else. {@code n} only makes distinct entries (to
     * measure memory per entry); the body is the same.
     */
    @GET
    @Path("stores/redis/{size}")
    @Cached(ttl = "1h")
    public byte[] onRedis(@PathParam("size") String size, @QueryParam("n") String n) {
        Calls.ran("stores-redis", size);
        return Payloads.bytes(size);
    }

    /** The same, in Memcached when the benchmark says so (see {@link #onRedis}). */
    @GET
    @Path("stores/memcached/{size}")
    @Cached(ttl = "1h")
    public byte[] onMemcached(@PathParam("size") String size, @QueryParam("n") String n) {
        Calls.ran("stores-memcached", size);
        return Payloads.bytes(size);
    }

    /**
     * A write to a cached payload (the edge benchmark): a successful unsafe request drops the cached
     * responses of its own target (RFC 9111 §4.4), in Redis, in the near caches and, with the edge on, at
     * the edge.
     */
    @PUT
    @Path("cached/{size}")
    public void touch(@PathParam("size") String size) {
        Calls.ran("touch", size);
    }

    /** Baseline: the ceiling's method behind the hand-written Redisson cache-aside filter. */
    @GET
    @Path("baseline/{size}")
    @HandCached
    public byte[] baseline(@PathParam("size") String size) {
        Calls.ran("baseline", size);
        return Payloads.bytes(size);
    }

    /** Uncached with a simulated 20 ms backend (a database or a downstream service). */
    @GET
    @Path("slow/{size}")
    public byte[] slow(@PathParam("size") String size) throws InterruptedException {
        Calls.ran("slow", size);
        Thread.sleep(20);
        return Payloads.bytes(size);
    }

    /**
     * restcache miss and store: the load generator sends a new {@code n} on every request, so each one is
     * a new resource: a lookup that misses, the method, and a store. The method serializes the document
     * with JSON-B on every call, as a real API does. Short TTL: the entries are never read again.
     */
    @GET
    @Path("miss/{size}")
    @Cached(ttl = "10s")
    public Payloads.FeedPage miss(@PathParam("size") String size, @QueryParam("n") String n) {
        Calls.ran("miss", size);
        return Payloads.document(size);
    }

    /**
     * The miss and store of {@code /miss/{size}} with 20 tags on every entry (store cost vs number of tags:
     * each tag is one more index the store writes and one more fence it checks).
     */
    @GET
    @Path("miss-20-tags/{size}")
    @Cached(ttl = "10s")
    @CacheTags({"m01:{size}", "m02:{size}", "m03:{size}", "m04:{size}", "m05:{size}", "m06:{size}", "m07:{size}",
            "m08:{size}", "m09:{size}", "m10:{size}", "m11:{size}", "m12:{size}", "m13:{size}", "m14:{size}",
            "m15:{size}", "m16:{size}", "m17:{size}", "m18:{size}", "m19:{size}", "m20:{size}"})
    public Payloads.FeedPage missWithTwentyTags(@PathParam("size") String size, @QueryParam("n") String n) {
        Calls.ran("miss-20-tags", size);
        return Payloads.document(size);
    }

    /**
     * The miss method behind the hand-written filter: the floor of what any Redis-backed fill costs (one
     * GET that misses, one SET of the raw body), next to which restcache's fill is judged.
     */
    @GET
    @Path("baseline-miss/{size}")
    @HandCached
    public Payloads.FeedPage baselineMiss(@PathParam("size") String size, @QueryParam("n") String n) {
        Calls.ran("baseline-miss", size);
        return Payloads.document(size);
    }

    /** The miss method without the cache: the CPU reference for the miss-and-store path. */
    @GET
    @Path("uncached-unique/{size}")
    public Payloads.FeedPage uncachedUnique(@PathParam("size") String size, @QueryParam("n") String n) {
        Calls.ran("uncached-unique", size);
        return Payloads.document(size);
    }

    /*
     * Slot: restcache near-cache hit. When the near cache exists, add here the ceiling's method behind
     * @Cached with the near cache on (e.g. @Path("near/{size}")), and give the "near-hit" scenario in
     * io.restcache.bench.Scenarios its path instead of its "not implemented" reason.
     */

    /** Method runs per endpoint, for the runner's checks. */
    @GET
    @Path("stats/calls")
    @Produces(MediaType.TEXT_PLAIN)
    public String calls() {
        return Calls.snapshot();
    }
}
