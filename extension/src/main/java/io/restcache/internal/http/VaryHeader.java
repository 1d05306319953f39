package io.restcache.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code Vary} response field (RFC 9110 §12.5.5): several lines form one list of header names. */
public final class VaryHeader {

    private VaryHeader() {
    }

    /**
     * One {@code Vary} value naming every header of the method's lines and of restcache's own, each once
     * (compared case-insensitively, the first spelling kept); {@code *} when any line says {@code *}.
     *
     * @param lines the response's {@code Vary} lines (null or empty: absent)
     * @param ours restcache's names, comma-separated (empty: none)
     * @return the merged value, empty when there is nothing to vary on
     */
    public static String merge(List<String> lines, String ours) {
        Map<String, String> names = new LinkedHashMap<>();
        if (lines != null) {
            lines.forEach(line -> addAll(names, line));
        }
        addAll(names, ours);
        if (names.containsKey("*")) {
            return "*";
        }
        return String.join(", ", names.values());
    }

    /**
     * A comma-separated list of header names without one of them.
     *
     * @param names header names, comma-separated (empty: none)
     * @param name the name to leave out, compared case-insensitively
     * @return the other names, comma-separated, in their order and spelling
     */
    public static String without(String names, String name) {
        Map<String, String> kept = new LinkedHashMap<>();
        addAll(kept, names);
        kept.remove(name.toLowerCase(Locale.ROOT));
        return String.join(", ", kept.values());
    }

    private static void addAll(Map<String, String> names, String line) {
        if (line == null) {
            return;
        }
        for (String name : line.split(",")) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty()) {
                names.putIfAbsent(trimmed.toLowerCase(Locale.ROOT), trimmed);
            }
        }
    }
}
