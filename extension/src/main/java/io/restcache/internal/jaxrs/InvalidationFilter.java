package io.restcache.internal.jaxrs;

import io.restcache.internal.policy.TagTemplate;
import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.runtime.CacheTelemetry;
import io.restcache.internal.runtime.RestCacheRuntime;
import io.restcache.internal.jaxrs.RequestCacheContext.TransactionOutcome;
import io.restcache.internal.store.TagRef;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * After a successful (2xx) or redirected (3xx: a 303 after a POST is a successful write) unsafe request: drops the entries tagged by the method's
 * {@code @InvalidateTags}, and the cached responses of the request's own target and of its
 * {@code Location}/{@code Content-Location} (RFC 9111 §4.4).
 *
 * <p>It runs after the resource method has returned, so a transaction the method demarcated has
 * committed (a rollback surfaces as an error status, and nothing is dropped). When a JTA transaction
 * begun outside the method is still active here, the drop waits for that transaction to commit.
 * Otherwise the request waits for Redis to confirm the drop (bounded by
 * {@code restcache.invalidation.timeout}), so that the caller's next read sees fresh data.
 */
final class InvalidationFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The request's span, taken while the server keeps it current (not while response filters run). */
    private static final String TRACE = InvalidationFilter.class.getName() + ".trace";

    private final List<TagTemplate> tags;
    private final RestCacheRuntime runtime;
    private final Transactions transactions;
    private final Instance<RequestCacheContext> requestContext;

    InvalidationFilter(List<TagTemplate> tags, RestCacheRuntime runtime, Transactions transactions,
            Instance<RequestCacheContext> requestContext) {
        this.tags = List.copyOf(tags);
        this.runtime = runtime;
        this.transactions = transactions;
        this.requestContext = requestContext;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(TRACE, runtime.telemetry().request());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 200 || status > 399) {     // RFC 9111 §4.4: "a non-error status code"
            return;
        }
        if (!tags.isEmpty() && requestContext.get().transactionOutcome() == TransactionOutcome.ROLLED_BACK) {
            return;     // the method's transaction rolled back although it answered 2xx: nothing changed
        }
        Set<TagRef> refs = refs(request, response);
        if (refs.isEmpty()) {
            return;
        }
        Invalidation invalidation = new Invalidation.Indexed(refs);
        // RFC 9875: a cache in front that implements Cache-Groups drops the same groups from this response
        EdgeLabels.invalidated(response.getHeaders(), runtime, refs);
        boolean afterCommit = transactions.hook().afterCommit(() -> runtime.invalidations().submit(invalidation));
        if (request.getProperty(TRACE) instanceof CacheTelemetry.RequestTrace trace) {
            trace.invalidation(refs.size(), afterCommit);
        }
        if (!afterCommit) {
            runtime.invalidations().submitAndWait(invalidation, runtime.settings().invalidationTimeout());
        }
    }

    private Set<TagRef> refs(ContainerRequestContext request, ContainerResponseContext response) {
        Set<TagRef> refs = new HashSet<>();
        UriInfo uri = request.getUriInfo();
        Function<String, String> variables = TemplateValues.of(uri);
        for (TagTemplate template : tags) {
            String tag = template.render(variables);
            if (!tag.isEmpty()) {
                refs.add(TagRef.tag(tag));
            }
        }
        if (runtime.settings().invalidateUnsafeRequests()) {
            addIfCached(refs, TemplateValues.path(uri));
            addIfCached(refs, uri.getBaseUri(), response.getLocation());
            Object contentLocation = response.getHeaders().getFirst("Content-Location");
            if (contentLocation != null) {
                addIfCached(refs, uri.getBaseUri(), URI.create(contentLocation.toString()));
            }
        }
        return refs;
    }

    /** A Location within this application, as a path relative to it. */
    private void addIfCached(Set<TagRef> refs, URI base, URI location) {
        if (location == null) {
            return;
        }
        URI absolute = base.resolve(location);
        URI relative = base.relativize(absolute);
        if (relative != absolute && !relative.isAbsolute()) {
            addIfCached(refs, relative.getPath());
        }
    }

    private void addIfCached(Set<TagRef> refs, String path) {
        String normalized = io.restcache.internal.policy.RouteTemplate.normalizePath(path);
        if (runtime.isCachedPath(normalized)) {
            refs.add(TagRef.path(normalized));
        }
    }
}
