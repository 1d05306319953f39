package io.restcache.itests.app;

import io.restcache.Cached;
import io.restcache.VaryBy;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;

/** Endpoints whose keys must stay per host and bounded: links built from the base URI, junk parameters, languages. */
@Path("keyspace")
@Produces(MediaType.TEXT_PLAIN)
public class KeySpaceResource {

    /** The languages {@link #language} serves, in preference order. */
    static final List<String> LANGUAGES = List.of("en", "de", "fr");

    @Inject
    Counters counters;

    /** A body built from the base URI, as a HATEOAS link is: one host's body is wrong for another. */
    @GET
    @Path("links")
    @Cached(ttl = "60s")
    public String links(@Context UriInfo uri) {
        counters.increment("keyspace-links");
        return links(uri.getBaseUri().toString());
    }

    /** The same body, never cached: what the application itself answers for a given request. */
    @GET
    @Path("links-uncached")
    public String linksUncached(@Context UriInfo uri) {
        return links(uri.getBaseUri().toString());
    }

    private static String links(String base) {
        return "self=" + base + "keyspace/links";
    }

    @GET
    @Path("search")
    @Cached(ttl = "60s")
    public String search(@QueryParam("q") String q) {
        counters.increment("keyspace-search");
        return "results for " + q;
    }

    /** The junk-parameter flood's target: reads {@code q} and nothing else. */
    @GET
    @Path("flood")
    @Cached(ttl = "60s")
    public String flood(@QueryParam("q") String q) {
        counters.increment("keyspace-flood");
        return "results for " + q;
    }

    /** Declares its parameter in a bean. */
    @GET
    @Path("page")
    @Cached(ttl = "60s")
    public String page(@BeanParam Paging paging) {
        counters.increment("keyspace-page");
        return "page " + paging.page;
    }

    /** Varies on a header with unbounded values: only the variant limit bounds what it stores. */
    @GET
    @Path("flavour")
    @Cached(ttl = "60s")
    @VaryBy(headers = "X-Flavour")
    public String flavour(@HeaderParam("X-Flavour") String flavour) {
        counters.increment("keyspace-flavour");
        return "flavour " + flavour;
    }

    /** Serves three languages and picks one the way restcache resolves the variant (RFC 4647 lookup). */
    @GET
    @Path("language")
    @Cached(ttl = "60s")
    @VaryBy(headers = "Accept-Language", languages = {"en", "de", "fr"})
    public String language(@HeaderParam("Accept-Language") String acceptLanguage) {
        counters.increment("keyspace-language");
        String chosen = null;
        if (acceptLanguage != null) {
            try {
                chosen = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), LANGUAGES);
            } catch (IllegalArgumentException malformed) {
                chosen = null;
            }
        }
        return "language " + (chosen == null ? "en (default)" : chosen);
    }

    /** A {@code @BeanParam} bean with one query parameter. */
    public static class Paging {
        @QueryParam("page")
        String page;
    }
}
