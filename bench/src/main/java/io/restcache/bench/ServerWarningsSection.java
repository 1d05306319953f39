package io.restcache.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What restcache logged as warnings during the run (Redis budget exceeded, leases not taken, ...), with
 * counts: under load these explain responses that were not hits. Runs last.
 */
final class ServerWarningsSection implements Section {

    private static final Pattern SIMILAR = Pattern.compile(" \\((\\d+) similar events? not logged[^)]*\\)");
    private static final String LEVEL = "[levelValue: 900] ";

    @Override
    public String title() {
        return "restcache warnings in the server log";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(context.server().log(), StandardCharsets.UTF_8)) {
            int at = line.indexOf(LEVEL);
            if (at < 0 || !line.contains("io.restcache")) {
                continue;
            }
            String message = line.substring(at + LEVEL.length()).trim();
            long n = 1;
            Matcher similar = SIMILAR.matcher(message);
            if (similar.find()) {
                n += Long.parseLong(similar.group(1));
                message = similar.replaceAll("");
            }
            counts.merge(message, n, Long::sum);
        }
        if (counts.isEmpty()) {
            return "None.\n";
        }
        Markdown table = new Markdown(">count", "message");
        counts.forEach((message, n) -> table.row(n, message));
        return table + "\nCounted over the whole run (warm-ups included), from Payara Micro's log.\n";
    }
}
