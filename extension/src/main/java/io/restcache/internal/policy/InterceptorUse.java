package io.restcache.internal.policy;

/**
 * One interceptor that the container would run around a resource method: either a CDI interceptor
 * binding or an interceptor class named by EJB's {@code @Interceptors}. A cache hit is answered before
 * the method is invoked, so it skips every one of them.
 *
 * @param name the binding annotation's or the interceptor class's fully qualified name
 * @param where where it applies, for messages: {@code "on the method"}, {@code "on the class"},
 *        {@code "through stereotype com.x.Secure on the class"}, ...
 * @param binding {@code true} for a CDI interceptor binding, {@code false} for an {@code @Interceptors} class
 */
public record InterceptorUse(String name, String where, boolean binding) {

    /** {@code @com.x.Secured (on the class)} or {@code @Interceptors(com.x.Audit) (on the method)}. */
    String describe() {
        return (binding ? "interceptor binding @" + name : "@Interceptors(" + name + ")") + " (" + where + ")";
    }
}
