package io.restcache.internal.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A tag with {@code {name}} variables, e.g. {@code user:{id}}, parsed once at deployment.
 */
public final class TagTemplate {

    private final String source;
    private final List<String> parts;      // literal, variable, literal, variable, ... (starts with a literal)

    private TagTemplate(String source, List<String> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /**
     * @param where the method, for messages
     * @param knownVariables the path and query parameter names a variable may refer to
     * @throws PolicyException on a blank tag, an unclosed brace or an unknown variable
     */
    static TagTemplate parse(String where, String source, Set<String> knownVariables) {
        if (source == null || source.isBlank()) {
            throw new PolicyException(where + ": a tag must not be blank");
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = source.indexOf('{', i);
            if (open < 0) {
                parts.add(source.substring(i));
                break;
            }
            int close = source.indexOf('}', open);
            if (close < 0) {
                throw new PolicyException(where + ": tag '" + source + "' has an unclosed '{'");
            }
            String variable = source.substring(open + 1, close).trim();
            if (!knownVariables.contains(variable)) {
                throw new PolicyException(where + ": tag '" + source + "' uses {" + variable
                        + "}, which is neither a path parameter nor a @QueryParam of the method (known: "
                        + knownVariables + ")");
            }
            parts.add(source.substring(i, open));
            parts.add(variable);
            i = close + 1;
        }
        return new TagTemplate(source, parts);
    }

    /** The tag for one request; {@code values} gives a variable's value, or null when absent (rendered empty). */
    public String render(Function<String, String> values) {
        StringBuilder out = new StringBuilder(source.length() + 16);
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                out.append(parts.get(i));
            } else {
                String v = values.apply(parts.get(i));
                out.append(v == null ? "" : v);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
