package io.restcache.internal.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JAX-RS route template ({@code /users/{id}}, {@code /files/{path: .+}}) matched against request
 * paths outside a request: to find which cached routes a path belongs to, for programmatic
 * invalidation and for dropping a resource after an unsafe request to it (RFC 9111 §4.4).
 */
public final class RouteTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*([\\w.-]+)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    private final String template;
    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

    private final Pattern pattern;
    private final List<String> names;

    private RouteTemplate(String template, Pattern pattern, List<String> names) {
        this.template = template;
        this.pattern = pattern;
        this.names = List.copyOf(names);
    }

    public static RouteTemplate of(String template) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            names.add(m.group(1));
            String custom = m.group(2);
            // a named group: capturing groups inside a custom regex ({id: (a|b)\d+}) would shift numbered ones
            regex.append("(?<").append(groupName(names.size() - 1)).append('>')
                    .append(custom == null ? "[^/]+" : "(?:" + custom.trim() + ")").append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new RouteTemplate(template, Pattern.compile(regex + "/?"), names);
    }

    /** The path parameters, decoded, when the path (relative to the application, with a leading slash) matches. */
    public Optional<Map<String, List<String>>> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), List.of(URLDecoder.decode(m.group(groupName(i)).replace("+", "%2B"),
                    StandardCharsets.UTF_8)));
        }
        return Optional.of(params);
    }

    /** A group name no application regex is likely to use (Java group names are letters and digits). */
    private static String groupName(int index) {
        return "restcacheVariable" + index;
    }

    /** {@code /users/42/} → {@code /users/42}; {@code users} → {@code /users}: the form paths are indexed in. */
    public static String normalizePath(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        if (p.contains("//")) {     // rare: skip the regex (compiled per call by replaceAll) on every other request
            p = REPEATED_SLASHES.matcher(p).replaceAll("/");
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Override
    public String toString() {
        return template;
    }
}
