package io.restcache.itests.conformance.app;

import jakarta.ws.rs.HttpMethod;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The extension method M-SEARCH, which the suite uses as an unsafe method restcache has never heard of. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@HttpMethod("M-SEARCH")
public @interface MSearch {
}
