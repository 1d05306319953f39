package io.restcache.internal.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParameterScanTest {

    @SuppressWarnings("unused")
    static class Plain {
        public String search(@QueryParam("q") String q, @BeanParam Paging paging) { return ""; }
        public String links(@Context UriInfo uri) { return ""; }          // another method: not search's
        public String other(UriInfo notInjected) { return ""; }
    }

    @SuppressWarnings("unused")
    static class Paging {
        @QueryParam("page") String page;
        @BeanParam Sorting sorting;
    }

    @SuppressWarnings("unused")
    static class Sorting {
        private String sort;

        @QueryParam("sort")
        public void setSort(String sort) { this.sort = sort; }
    }

    @SuppressWarnings("unused")
    static class WithField {
        @Context UriInfo uri;
        @QueryParam("lang") String lang;

        public String get() { return ""; }
    }

    @SuppressWarnings("unused")
    static class WithInitializer {
        @Inject
        void init(UriInfo uri) { }

        public String get() { return ""; }
    }

    @Test
    void declaredParameters_ofTheMethodItsBeanParamsAndNestedBeans_areFound() {
        QueryParameterScan scan = QueryParameterScan.of(Plain.class, method(Plain.class, "search"));
        assertEquals(Set.of("q", "page", "sort"), scan.names());
        assertFalse(scan.readsWholeQuery(), "another resource method's UriInfo is not this method's");
    }

    @Test
    void injectedUriInfo_asParameterFieldOrInitializer_readsTheWholeQuery() {
        assertTrue(QueryParameterScan.of(Plain.class, method(Plain.class, "links")).readsWholeQuery());
        assertFalse(QueryParameterScan.of(Plain.class, method(Plain.class, "other")).readsWholeQuery());
        QueryParameterScan field = QueryParameterScan.of(WithField.class, method(WithField.class, "get"));
        assertTrue(field.readsWholeQuery());
        assertEquals(Set.of("lang"), field.names());
        assertTrue(QueryParameterScan.of(WithInitializer.class, method(WithInitializer.class, "get")).readsWholeQuery());
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }
}
