package io.restcache.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restcache.Cached;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodDescriptionsTest {

    @Path("things")
    public static class Things {
        @GET
        @Produces("application/json")
        @Cached
        public String json() {
            return "";
        }

        @GET
        @Produces("text/plain")
        @Cached
        public String text() {
            return "";
        }

        @POST
        @Produces("application/xml")
        public String create() {
            return "";
        }

        @GET
        @Path("one")
        @Produces("application/json")
        @Cached
        public String one() {
            return "";
        }
    }

    private static List<String> produces(String name) throws NoSuchMethodException {
        Method m = Things.class.getMethod(name);
        return MethodDescriptions.describe(Things.class, m).produces();
    }

    /** Regression: two methods of one path negotiating by @Produces did not name Accept in Vary. */
    @Test
    void produces_includesSiblingsOfTheSamePathAndVerb() throws NoSuchMethodException {
        assertEquals(List.of("application/json", "text/plain"), produces("json"));
        assertEquals(List.of("text/plain", "application/json"), produces("text"));
        assertEquals(List.of("application/json"), produces("one"), "another path, or another verb, does not count");
    }
}
