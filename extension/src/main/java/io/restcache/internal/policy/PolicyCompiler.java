package io.restcache.internal.policy;

import io.restcache.Cached;
import io.restcache.VaryBy;
import io.restcache.internal.config.Durations;
import io.restcache.internal.config.InvalidConfigurationException;
import io.restcache.internal.config.LanguageTags;
import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.key.KeySpec;
import io.restcache.internal.store.StoreKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one method's annotations plus configuration into an immutable {@link CompiledMethod}, or fails
 * with a {@link PolicyException} naming the method. Runs once per method at deployment.
 */
public final class PolicyCompiler {

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\s*([\\w.-]+)\\s*(:[^}]*)?}");

    private final RestCacheSettings settings;
    private final Set<String> knownContributors;

    /**
     * @param settings the configuration (defaults and per-method overrides)
     * @param knownContributors the names of the application's {@code KeyContributor} beans
     */
    public PolicyCompiler(RestCacheSettings settings, Set<String> knownContributors) {
        this.settings = settings;
        this.knownContributors = Set.copyOf(knownContributors);
    }

    /** A compiler for an application without key contributors. */
    public PolicyCompiler(RestCacheSettings settings) {
        this(settings, Set.of());
    }

    public CompiledMethod compile(MethodDescription m) {
        HitSkipChecks.invalidateTagsOnClass(m);
        Set<String> variables = templateVariables(m);
        Optional<CachePolicy> cache = m.cached().map(c -> cachePolicy(m, c, variables));
        if (m.cached().isEmpty()) {
            m.cacheTags().ifPresent(t -> {
                throw new PolicyException(m.id() + ": @CacheTags has no effect without @Cached");
            });
            m.varyBy().ifPresent(v -> {
                throw new PolicyException(m.id() + ": @VaryBy has no effect without @Cached");
            });
        }
        Optional<List<TagTemplate>> invalidation = m.invalidateTags().map(inv -> {
            if (m.cached().isPresent() || m.httpMethods().contains("GET") || m.httpMethods().contains("HEAD")) {
                throw new PolicyException(m.id() + ": @InvalidateTags belongs on unsafe methods (POST, PUT, "
                        + "PATCH, DELETE), not on a GET/HEAD or @Cached method");
            }
            return parseTags(m, inv.value(), variables);
        });
        return new CompiledMethod(cache, invalidation);
    }

    private CachePolicy cachePolicy(MethodDescription m, Cached c, Set<String> variables) {
        if (!m.httpMethods().equals(Set.of("GET"))) {
            throw new PolicyException(m.id() + ": @Cached applies only to @GET methods (HEAD is answered from GET "
                    + "entries), found " + m.httpMethods());
        }
        if (m.asynchronous()) {
            throw new PolicyException(m.id() + ": @Cached cannot cache an AsyncResponse, CompletionStage or SSE "
                    + "method (its response is produced after the method returns); return the entity itself");
        }
        if (m.streaming()) {
            throw new PolicyException(m.id() + ": @Cached cannot cache a streaming return type "
                    + "(StreamingOutput, InputStream); return the bytes or an entity instead");
        }
        Duration ttl = duration(m, "ttl", c.ttl(), settings.defaultTtl(), true);
        Duration swr = duration(m, "stale-while-revalidate", c.staleWhileRevalidate(), Duration.ZERO, false);
        Duration sie = duration(m, "stale-if-error", c.staleIfError(), Duration.ZERO, false);
        Set<Integer> statuses = statuses(m, c.statuses());
        boolean shared = bool(m, "shared", c.shared());
        StoreKind store = store(m, c.store());
        int maxBody = store == StoreKind.MEMCACHED ? MemcachedLimits.maxBodySize(m, c.maxBodySize(),
                maxBodySize(m, c.maxBodySize()), overrideKey(m, "max-body-size"), settings)
                : maxBodySize(m, c.maxBodySize());

        VaryBy vary = m.varyBy().orElse(null);
        boolean perUser = vary != null && vary.user();
        if (perUser && shared) {
            throw new PolicyException(m.id() + ": @Cached(shared = true) contradicts @VaryBy(user = true)");
        }
        HitSkipChecks.interceptors(m, c.hitSafeInterceptors(), settings.hitSafeInterceptors());
        HitSkipChecks.identity(m, shared, bool(m, "body-ignores-identity", c.bodyIgnoresIdentity()));
        List<String> headers = vary == null ? List.of() : Arrays.stream(vary.headers())
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).distinct().sorted().toList();
        for (String h : headers) {
            if (h.isEmpty() || h.equals("authorization") || h.equals("cookie")) {
                throw new PolicyException(m.id() + ": @VaryBy(headers) cannot name '" + h
                        + "'; use @VaryBy(user = true) or @VaryBy(cookies = ...) instead");
            }
        }
        List<String> cookies = vary == null ? List.of() : Arrays.stream(vary.cookies()).distinct().sorted().toList();
        Set<String> listedQuery = vary == null ? Set.of() : new HashSet<>(Arrays.asList(vary.query()));
        // declared parameters always count; a method that can read any parameter counts them all unless
        // it says which it reads
        boolean allQuery = m.readsWholeQuery() && listedQuery.isEmpty();
        Set<String> queryNames = new HashSet<>(m.queryParamNames());
        queryNames.addAll(listedQuery);
        List<String> languages = supportedLanguages(m, vary, headers);
        List<String> contributors = vary == null ? List.of()
                : Arrays.stream(vary.contributors()).distinct().sorted().toList();
        for (String name : contributors) {
            if (!knownContributors.contains(name)) {
                throw new PolicyException(m.id() + ": @VaryBy(contributors) names '" + name + "', but no KeyContributor "
                        + "bean has that name (known: " + new TreeSet<>(knownContributors) + ")");
            }
        }
        // no @Produces, several types or a wildcard: whichever writer matches Accept answers, so Accept selects
        // the representation, unless the method says it sets Content-Type itself
        boolean negotiates = (vary == null || vary.accept()) && (m.produces().isEmpty() || m.produces().size() > 1
                || m.produces().stream().anyMatch(p -> p.contains(",") || p.contains("*")));
        KeySpec spec = new KeySpec(queryNames, allQuery, headers, cookies, perUser, negotiates, contributors,
                settings.keyAuthority(), languages);

        List<TagTemplate> tags = m.cacheTags().map(t -> parseTags(m, t.value(), variables)).orElse(List.of());
        Set<String> varyNames = new LinkedHashSet<>();
        headers.forEach(varyNames::add);
        if (negotiates) {
            varyNames.add("accept");
        }
        if (settings.compresses()) {
            varyNames.add("accept-encoding");      // the coding sent depends on it (restcache negotiates gzip)
        }
        String varyHeader = varyNames.stream().map(PolicyCompiler::displayName).collect(Collectors.joining(", "));
        Set<String> keyed = new HashSet<>(varyNames);
        if (perUser) {
            keyed.add("authorization");
            keyed.add("cookie");
        }
        if (!cookies.isEmpty()) {
            keyed.add("cookie");
        }
        return new CachePolicy(m.id(), RouteTemplate.of(m.pathTemplate()), m.id() + " " + m.pathTemplate(), ttl, swr, sie, statuses, shared, maxBody,
                spec, tags, varyHeader, keyed, m.access(), originDriven(m, c.freshness()), store);
    }

    /** {@code @Cached(store)}, its per-method override, else {@code restcache.store}. */
    private StoreKind store(MethodDescription m, String annotated) {
        String key = overrideKey(m, "store");
        String value = settings.methodOverride(m.className(), m.methodName(), "store").orElse(annotated).trim();
        StoreKind kind = value.isEmpty() ? settings.memcached().defaultStore() : StoreKind.parse(value)
                .orElseThrow(() -> new PolicyException(m.id() + ": store (" + key + " or @Cached(store)) must be "
                        + "redis or memcached, was '" + value + "'"));
        if (kind == StoreKind.MEMCACHED && !settings.memcached().configured()) {
            throw new PolicyException(m.id() + ": @Cached(store) is memcached, but "
                    + io.restcache.internal.config.MemcachedSettings.SERVERS + " names no server");
        }
        return kind;
    }

    /** The languages an Accept-Language variant resolves to: the method's own, else the configured ones. */
    private List<String> supportedLanguages(MethodDescription m, VaryBy vary, List<String> headers) {
        if (vary == null) {
            return List.of();
        }
        boolean byLanguage = headers.contains("accept-language");
        if (vary.languages().length > 0) {
            if (!byLanguage) {
                throw new PolicyException(m.id() + ": @VaryBy(languages) has no effect unless @VaryBy(headers) "
                        + "includes \"Accept-Language\"");
            }
            try {
                return LanguageTags.parseList("@VaryBy(languages)", String.join(",", vary.languages()));
            } catch (InvalidConfigurationException e) {
                throw new PolicyException(m.id() + ": " + e.getMessage());
            }
        }
        return byLanguage ? settings.supportedLanguages() : List.of();
    }

    private Duration duration(MethodDescription m, String attribute, String annotated, Duration fallback,
            boolean required) {
        String key = overrideKey(m, attribute);
        String text = settings.methodOverride(m.className(), m.methodName(), attribute).orElse(annotated);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return required ? Durations.parsePositive(key, text) : Durations.parse(key, text);
        } catch (InvalidConfigurationException e) {
            throw new PolicyException(m.id() + ": " + e.getMessage());
        }
    }

    private Set<Integer> statuses(MethodDescription m, int[] annotated) {
        Optional<String> override = settings.methodOverride(m.className(), m.methodName(), "statuses");
        Set<Integer> statuses = new TreeSet<>();
        try {
            if (override.isPresent()) {
                for (String s : override.get().split(",")) {
                    statuses.add(Integer.parseInt(s.trim()));
                }
            } else {
                Arrays.stream(annotated).forEach(statuses::add);
            }
        } catch (NumberFormatException e) {
            throw new PolicyException(m.id() + ": " + overrideKey(m, "statuses")
                    + " must be a comma-separated list of statuses, was '" + override.orElse("") + "'");
        }
        for (int s : statuses) {
            if (s < 200 || s > 599 || s == 206 || s == 304) {
                throw new PolicyException(m.id() + ": statuses must be final statuses from 200 to 599 other than "
                        + "206 and 304, was " + s);
            }
        }
        if (statuses.isEmpty()) {
            throw new PolicyException(m.id() + ": statuses must not be empty");
        }
        return statuses;
    }

    /** {@code @Cached(freshness)}, its per-method override, else {@code restcache.freshness}. */
    private boolean originDriven(MethodDescription m, String annotated) {
        String value = settings.methodOverride(m.className(), m.methodName(), "freshness").orElse(annotated).trim();
        if (value.isEmpty()) {
            return settings.originDriven();
        }
        if (value.equalsIgnoreCase("annotation") || value.equalsIgnoreCase("origin")) {
            return value.equalsIgnoreCase("origin");
        }
        throw new PolicyException(m.id() + ": freshness (" + overrideKey(m, "freshness")
                + " or @Cached(freshness)) must be annotation or origin, was '" + value + "'");
    }

    private boolean bool(MethodDescription m, String attribute, boolean annotated) {
        Optional<String> override = settings.methodOverride(m.className(), m.methodName(), attribute);
        if (override.isEmpty()) {
            return annotated;
        }
        String v = override.get().trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new PolicyException(m.id() + ": " + overrideKey(m, attribute) + " must be true or false, was '" + v + "'");
    }

    private int maxBodySize(MethodDescription m, int annotated) {
        Optional<String> override = settings.methodOverride(m.className(), m.methodName(), "max-body-size");
        int value = annotated;
        if (override.isPresent()) {
            try {
                value = Integer.parseInt(override.get().trim());
            } catch (NumberFormatException e) {
                throw new PolicyException(m.id() + ": " + overrideKey(m, "max-body-size")
                        + " must be a positive integer, was '" + override.get() + "'");
            }
        }
        if (value == -1) {
            return settings.maxBodySize();
        }
        if (value <= 0) {
            throw new PolicyException(m.id() + ": maxBodySize must be positive (or -1 for the default), was " + value);
        }
        return value;
    }

    private static String overrideKey(MethodDescription m, String attribute) {
        return "restcache.method.\"" + m.className() + "." + m.methodName() + "\"." + attribute;
    }

    private static List<TagTemplate> parseTags(MethodDescription m, String[] templates, Set<String> variables) {
        if (templates.length == 0) {
            throw new PolicyException(m.id() + ": an empty tag list has no effect");
        }
        return Arrays.stream(templates).map(t -> TagTemplate.parse(m.id(), t, variables)).toList();
    }

    /** Path parameter names of the route template and the method's query parameter names. */
    static Set<String> templateVariables(MethodDescription m) {
        Set<String> names = new HashSet<>(m.queryParamNames());
        Matcher matcher = TEMPLATE_VARIABLE.matcher(m.pathTemplate());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** {@code accept-language} → {@code Accept-Language}, for the Vary header. */
    private static String displayName(String lower) {
        StringBuilder out = new StringBuilder(lower.length());
        boolean upper = true;
        for (char ch : lower.toCharArray()) {
            out.append(upper ? Character.toUpperCase(ch) : ch);
            upper = ch == '-';
        }
        return out.toString();
    }
}
