package io.restcache.internal.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code restcache.edge.*} settings: what restcache tells a CDN or Varnish in front of it (surrogate
 * keys, RFC 9875 Cache-Groups, the freshness it may keep) and where it sends purges. Read and validated
 * by {@link RestCacheSettings}, whose constants name the keys.
 */
public final class EdgeSettings {

    /** The response header carrying an entry's keys, in the dialect of the edge in front. */
    public enum KeyFormat {
        /** No surrogate-key header. */
        OFF(null, ' ', 0),
        /** {@code Surrogate-Key}, space-separated (Fastly; 16 KB per header). */
        SURROGATE_KEY("Surrogate-Key", ' ', 16_000),
        /** {@code xkey}, space-separated (Varnish with varnish-modules; Varnish's default header limit is 8 KB). */
        XKEY("xkey", ' ', 7_900),
        /** {@code Cache-Tag}, comma-separated (Cloudflare; 16 KB per header). */
        CACHE_TAG("Cache-Tag", ',', 16_000);

        private final String header;
        private final char separator;
        private final int maxLength;

        KeyFormat(String header, char separator, int maxLength) {
            this.header = header;
            this.separator = separator;
            this.maxLength = maxLength;
        }

        /** The response header's name; null for {@link #OFF}. */
        public String header() { return header; }

        /** What separates two keys in the header's value. */
        public char separator() { return separator; }

        /**
         * The longest header value the edge is known to accept: an entry whose keys do not fit is not
         * handed to the edge at all, since keys cut short would leave it out of reach of its purges.
         */
        public int maxLength() { return maxLength; }
    }

    /** The built-in purge adapters. */
    public enum Purger {
        NONE, VARNISH, FASTLY, CLOUDFLARE
    }

    private final KeyFormat keyFormat;
    private final boolean rawTags;
    private final boolean cacheGroups;
    private final Purger purger;
    private final List<URI> varnishHosts;
    private final Optional<String> fastlyServiceId;
    private final Optional<String> fastlyToken;
    private final URI fastlyEndpoint;
    private final Optional<String> cloudflareZoneId;
    private final Optional<String> cloudflareToken;
    private final URI cloudflareEndpoint;
    private final Duration purgeTimeout;
    private final int purgeQueue;

    EdgeSettings(Function<String, Optional<String>> lookup, Optional<String> keySecret) {
        String format = text(lookup, RestCacheSettings.EDGE_SURROGATE_KEYS).orElse("off");
        this.keyFormat = switch (format.toLowerCase(Locale.ROOT)) {
            case "off" -> KeyFormat.OFF;
            case "surrogate-key" -> KeyFormat.SURROGATE_KEY;
            case "xkey" -> KeyFormat.XKEY;
            case "cache-tag" -> KeyFormat.CACHE_TAG;
            default -> throw InvalidConfigurationException.of(RestCacheSettings.EDGE_SURROGATE_KEYS,
                    "off, surrogate-key, xkey or cache-tag", format);
        };
        this.rawTags = bool(lookup, RestCacheSettings.EDGE_RAW_TAGS, false);
        String groups = text(lookup, RestCacheSettings.EDGE_CACHE_GROUPS).orElse("off");
        if (!groups.equalsIgnoreCase("on") && !groups.equalsIgnoreCase("off")) {
            throw InvalidConfigurationException.of(RestCacheSettings.EDGE_CACHE_GROUPS, "on or off", groups);
        }
        this.cacheGroups = groups.equalsIgnoreCase("on");
        String purgerName = text(lookup, RestCacheSettings.EDGE_PURGER).orElse("none");
        this.purger = switch (purgerName.toLowerCase(Locale.ROOT)) {
            case "none" -> Purger.NONE;
            case "varnish" -> Purger.VARNISH;
            case "fastly" -> Purger.FASTLY;
            case "cloudflare" -> Purger.CLOUDFLARE;
            default -> throw InvalidConfigurationException.of(RestCacheSettings.EDGE_PURGER,
                    "none, varnish, fastly or cloudflare", purgerName);
        };
        if ((keyFormat != KeyFormat.OFF || cacheGroups) && !rawTags && keySecret.isEmpty()) {
            // an unkeyed hash of "user:42" is undone by hashing every small number; and a generated secret
            // changes when Redis loses its data, which would leave every edge object out of its purges' reach
            throw InvalidConfigurationException.of(RestCacheSettings.KEY_SECRET,
                    "set (the same on every node) when edge keys are hashed (" + RestCacheSettings.EDGE_SURROGATE_KEYS
                            + "=" + format + ", " + RestCacheSettings.EDGE_CACHE_GROUPS + "=" + groups + ")",
                    "<not set>");
        }
        if (purger != Purger.NONE && keyFormat == KeyFormat.OFF && !cacheGroups) {
            throw InvalidConfigurationException.of(RestCacheSettings.EDGE_PURGER,
                    "none while " + RestCacheSettings.EDGE_SURROGATE_KEYS + "=off (the edge would hold no keys to purge)",
                    purgerName);
        }
        this.varnishHosts = hosts(lookup, RestCacheSettings.EDGE_VARNISH_HOSTS);
        if (purger == Purger.VARNISH && varnishHosts.isEmpty()) {
            throw InvalidConfigurationException.of(RestCacheSettings.EDGE_VARNISH_HOSTS,
                    "a comma-separated list of http:// URLs with " + RestCacheSettings.EDGE_PURGER + "=varnish", "");
        }
        this.fastlyServiceId = text(lookup, RestCacheSettings.EDGE_FASTLY_SERVICE_ID);
        this.fastlyToken = text(lookup, RestCacheSettings.EDGE_FASTLY_TOKEN);
        this.fastlyEndpoint = endpoint(lookup, RestCacheSettings.EDGE_FASTLY_ENDPOINT, "https://api.fastly.com");
        if (purger == Purger.FASTLY) {
            require(fastlyServiceId, RestCacheSettings.EDGE_FASTLY_SERVICE_ID, "fastly");
            require(fastlyToken, RestCacheSettings.EDGE_FASTLY_TOKEN, "fastly");
        }
        this.cloudflareZoneId = text(lookup, RestCacheSettings.EDGE_CLOUDFLARE_ZONE_ID);
        this.cloudflareToken = text(lookup, RestCacheSettings.EDGE_CLOUDFLARE_TOKEN);
        this.cloudflareEndpoint = endpoint(lookup, RestCacheSettings.EDGE_CLOUDFLARE_ENDPOINT,
                "https://api.cloudflare.com/client/v4");
        if (purger == Purger.CLOUDFLARE) {
            require(cloudflareZoneId, RestCacheSettings.EDGE_CLOUDFLARE_ZONE_ID, "cloudflare");
            require(cloudflareToken, RestCacheSettings.EDGE_CLOUDFLARE_TOKEN, "cloudflare");
        }
        this.purgeTimeout = Durations.parsePositive(RestCacheSettings.EDGE_PURGE_TIMEOUT,
                lookup.apply(RestCacheSettings.EDGE_PURGE_TIMEOUT).orElse("2s"));
        String queue = text(lookup, RestCacheSettings.EDGE_PURGE_QUEUE).orElse("10000");
        try {
            this.purgeQueue = Integer.parseInt(queue);
        } catch (NumberFormatException e) {
            throw InvalidConfigurationException.of(RestCacheSettings.EDGE_PURGE_QUEUE, "a positive integer", queue);
        }
        if (purgeQueue <= 0) {
            throw InvalidConfigurationException.of(RestCacheSettings.EDGE_PURGE_QUEUE, "a positive integer", queue);
        }
    }

    private static void require(Optional<String> value, String key, String purger) {
        if (value.isEmpty()) {
            throw InvalidConfigurationException.of(key, "set with " + RestCacheSettings.EDGE_PURGER + "=" + purger, "");
        }
    }

    private static Optional<String> text(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static boolean bool(Function<String, Optional<String>> lookup, String key, boolean fallback) {
        Optional<String> v = text(lookup, key);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.get().equalsIgnoreCase("true") || v.get().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v.get());
        }
        throw InvalidConfigurationException.of(key, "true or false", v.get());
    }

    private static List<URI> hosts(Function<String, Optional<String>> lookup, String key) {
        List<URI> hosts = new ArrayList<>();
        for (String host : text(lookup, key).orElse("").split(",")) {
            String trimmed = host.trim();
            if (!trimmed.isEmpty()) {
                hosts.add(httpUri(key, trimmed));
            }
        }
        return List.copyOf(hosts);
    }

    private static URI endpoint(Function<String, Optional<String>> lookup, String key, String fallback) {
        return httpUri(key, text(lookup, key).orElse(fallback));
    }

    private static URI httpUri(String key, String text) {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the key and the value
        }
        throw InvalidConfigurationException.of(key, "an http:// or https:// URL", text);
    }

    /** Which surrogate-key header stored shared responses carry ({@code restcache.edge.surrogate-keys}). */
    public KeyFormat keyFormat() { return keyFormat; }

    /** Whether edge keys are the tags as written ({@code true}) or keyed hashes of them (the default). */
    public boolean rawTags() { return rawTags; }

    /** Whether responses carry RFC 9875 {@code Cache-Groups} / {@code Cache-Group-Invalidation}. */
    public boolean cacheGroups() { return cacheGroups; }

    /** Whether restcache talks to an edge at all: then it also states the freshness the edge may keep. */
    public boolean labelsResponses() {
        return keyFormat != KeyFormat.OFF || cacheGroups;
    }

    /** The built-in purge adapter chosen ({@code restcache.edge.purger}). */
    public Purger purger() { return purger; }

    /** The Varnish servers each purge goes to. */
    public List<URI> varnishHosts() { return varnishHosts; }

    public Optional<String> fastlyServiceId() { return fastlyServiceId; }

    public Optional<String> fastlyToken() { return fastlyToken; }

    /** Fastly's API root (changed only for tests). */
    public URI fastlyEndpoint() { return fastlyEndpoint; }

    public Optional<String> cloudflareZoneId() { return cloudflareZoneId; }

    public Optional<String> cloudflareToken() { return cloudflareToken; }

    /** Cloudflare's API root (changed only for tests). */
    public URI cloudflareEndpoint() { return cloudflareEndpoint; }

    /** How long one purge request to the edge may take before it counts as failed (and is retried). */
    public Duration purgeTimeout() { return purgeTimeout; }

    /** How many purges may wait for the edge; past it, new ones are dropped and counted. */
    public int purgeQueue() { return purgeQueue; }
}
