package io.restcache.itests.telemetry.app;

import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * The finished spans that carry a restcache attribute or event, oldest first, one per line:
 * {@code name|attr=value,...|event{attr=value,...};...}, restcache's attributes only.
 */
@Path("recorded")
public class SpansResource {

    /** @return the recorded spans restcache wrote to */
    @GET
    @Path("spans")
    @Produces(MediaType.TEXT_PLAIN)
    public String spans() {
        return RecordedSpans.all().stream()
                .filter(s -> !restcacheAttributes(s).isEmpty() || !s.getEvents().isEmpty())
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .map(s -> s.getName() + "|" + restcacheAttributes(s) + "|" + s.getEvents().stream()
                        .map(SpansResource::event).collect(Collectors.joining(";")))
                .collect(Collectors.joining("\n"));
    }

    /** @return the latest exported restcache.events points, one per line: {@code [event]=value} */
    @GET
    @Path("metrics")
    @Produces(MediaType.TEXT_PLAIN)
    public String metrics() {
        return RecordedMetrics.latest().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    private static String restcacheAttributes(SpanData span) {
        return span.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().startsWith("restcache."))
                .map(e -> e.getKey().getKey() + "=" + e.getValue())
                .sorted()
                .collect(Collectors.joining(","));
    }

    private static String event(EventData event) {
        return event.getName() + "{" + event.getAttributes().asMap().entrySet().stream()
                .map(e -> e.getKey().getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(",")) + "}";
    }
}
