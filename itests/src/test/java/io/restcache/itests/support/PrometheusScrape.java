package io.restcache.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** One scrape of a Prometheus text endpoint, read by metric name and labels. */
public final class PrometheusScrape {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final List<String> samples;

    private PrometheusScrape(List<String> samples) {
        this.samples = samples;
    }

    /** Scrapes {@code endpoint}, which must answer 200. */
    public static PrometheusScrape of(String endpoint) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(endpoint + " answered " + response.statusCode() + ": " + response.body());
            }
            return new PrometheusScrape(response.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of the samples of metric {@code name} that carry every label given as name/value pairs
     * (other labels, such as the server's deployment label, are ignored); 0 if there is none.
     */
    public double value(String name, String... labels) {
        return matching(name, labels).stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Whether metric {@code name} has a sample with those labels. */
    public boolean has(String name, String... labels) {
        return !matching(name, labels).isEmpty();
    }

    /** The samples whose metric name starts with {@code prefix}, for failure messages. */
    public List<String> startingWith(String prefix) {
        return samples.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    private List<String> matching(String name, String... labels) {
        return samples.stream()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(pairs(labels)).allMatch(p -> l.contains("{" + p) || l.contains("," + p)))
                .toList();
    }

    private static String[] pairs(String... labels) {
        String[] pairs = new String[labels.length / 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = labels[2 * i] + "=\"" + labels[2 * i + 1] + "\"";
        }
        return pairs;
    }
}
