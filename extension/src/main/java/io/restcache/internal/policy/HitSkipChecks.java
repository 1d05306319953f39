package io.restcache.internal.policy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The deployment rules for what a cache hit skips. A hit is answered from a request filter, before the
 * resource method is invoked: the method's interceptors do not run, and nothing the method would have
 * read about the caller is read. restcache refuses what it cannot prove harmless, with a message that
 * names the method and says what to do.
 */
final class HitSkipChecks {

    /**
     * Bindings known to be harmless for hits: restcache's own ({@code @InvalidateTags} records how a
     * transaction ends, and a hit runs no transaction), {@code @Transactional} (a hit reads nothing
     * from the database, so there is no transaction to demarcate) and {@code @ActivateRequestContext}
     * (a hit is answered inside the request's own context).
     */
    private static final Set<String> ALWAYS_SAFE = Set.of("io.restcache.InvalidateTags",
            "jakarta.transaction.Transactional", "jakarta.enterprise.context.control.ActivateRequestContext");

    private HitSkipChecks() {
    }

    /**
     * Fails when an interceptor would be skipped by hits and nobody declared that harmless. Applies to
     * every cached method, per user ones included: an interceptor may refuse a caller for reasons other
     * than identity alone (a role revoked since the entry was stored, an owner check, a rate limit, a
     * time window), and a per-user entry would keep answering that caller with a 200 or a 304.
     */
    static void interceptors(MethodDescription m, Class<?>[] annotated, Set<String> configured) {
        Set<String> safe = new HashSet<>(ALWAYS_SAFE);
        safe.addAll(configured);
        Arrays.stream(annotated).map(Class::getName).forEach(safe::add);
        List<InterceptorUse> skipped = m.interceptors().stream().filter(i -> !safe.contains(i.name())).toList();
        if (skipped.isEmpty()) {
            return;
        }
        InterceptorUse first = skipped.get(0);
        String simple = first.name().substring(first.name().lastIndexOf('.') + 1);
        throw new PolicyException(m.id() + ": @Cached, but " + first.describe() + " would not run on a cache hit"
                + (skipped.size() > 1 ? " (nor " + (skipped.size() - 1) + " more: " + skipped.subList(1, skipped.size())
                        .stream().map(InterceptorUse::describe).toList() + ")" : "")
                + ". A hit is answered before the method is invoked, so an interceptor that authorizes, audits or "
                + "rate-limits would be skipped and a caller it refuses could get the cached 200 or a 304. If it "
                + "is an access check, express it as @RolesAllowed or a JAX-RS request filter (both run before "
                + "the lookup), or remove @Cached; if skipping it is harmless (logging, metrics), declare it with "
                + "@Cached(hitSafeInterceptors = " + simple + ".class) or restcache.hit-safe-interceptors="
                + first.name());
    }

    /**
     * Fails a shared method whose resource can read the caller through an API restcache does not watch,
     * unless the application acknowledged that the body ignores identity.
     */
    static void identity(MethodDescription m, boolean shared, boolean acknowledged) {
        if (!shared || acknowledged || m.identitySources().isEmpty()) {
            return;
        }
        throw new PolicyException(m.id() + ": @Cached(shared = true), but the resource can read the caller's "
                + "identity through " + String.join(", ", m.identitySources()) + ", which restcache cannot "
                + "watch: a body built from it would be served to every caller. Use @VaryBy(user = true) for "
                + "a per-user entry, read the caller through JAX-RS's SecurityContext (watched: such responses "
                + "are not stored), or, if the body never depends on the caller, declare "
                + "@Cached(shared = true, bodyIgnoresIdentity = true)");
    }

    /** {@code @InvalidateTags} on a class would silently do nothing on its methods: refuse it. */
    static void invalidateTagsOnClass(MethodDescription m) {
        if (m.invalidateTagsOnClass()) {
            throw new PolicyException(m.className() + ": @InvalidateTags on a class is not supported (it would "
                    + "also bind its interceptor to every GET method); put it on each unsafe method that should "
                    + "drop the tags, e.g. " + m.id());
        }
    }
}
