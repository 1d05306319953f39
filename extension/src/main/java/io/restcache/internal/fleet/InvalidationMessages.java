package io.restcache.internal.fleet;

import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.store.TagRef;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The text form of an invalidation on the fleet topic: length-prefixed atoms ({@code <length>:<text>}),
 * so any tag or path survives unescaped, and no Java serialization or polymorphic codec ever reads what
 * arrives from Redis.
 *
 * <pre>
 * message = "rc1" node generation type payload
 * type I  = n (kindCode value)*           indexed: tags, paths, users (hashed)
 * type V  = scopeKind scopeValue n field*  variants under a path
 * type R  = n resourceId*                  whole resources (in the message's generation)
 * type E  =                                everything: the generation is the new one
 * </pre>
 * Heartbeats share the topic as {@code "hb:" node} and never reach this decoder (see {@code Fleet}).
 */
public final class InvalidationMessages {

    private InvalidationMessages() {
    }

    /** What a message says: who sent it, in which generation, and what to drop. */
    public record Message(String node, long generation, Invalidation invalidation) {
    }

    /** @param generation the sender's generation when it executed the invalidation */
    public static String encode(String node, long generation, Invalidation invalidation) {
        StringBuilder out = new StringBuilder();
        atom(out, "rc1");
        atom(out, node);
        atom(out, Long.toString(generation));
        if (invalidation instanceof Invalidation.Indexed indexed) {
            atom(out, "I");
            atom(out, Integer.toString(indexed.refs().size()));
            for (TagRef ref : indexed.refs()) {
                atom(out, String.valueOf(ref.kind().code()));
                atom(out, ref.value());
            }
        } else if (invalidation instanceof Invalidation.Variants variants) {
            atom(out, "V");
            atom(out, String.valueOf(variants.scope().kind().code()));
            atom(out, variants.scope().value());
            atom(out, Integer.toString(variants.variantFields().size()));
            variants.variantFields().forEach(f -> atom(out, f));
        } else if (invalidation instanceof Invalidation.Resources resources) {
            atom(out, "R");
            atom(out, Integer.toString(resources.resourceIds().size()));
            resources.resourceIds().forEach(id -> atom(out, id));
        } else if (invalidation instanceof Invalidation.Everything) {
            atom(out, "E");
        } else {
            throw new IllegalArgumentException("not a fleet message: " + invalidation + " (users are sent hashed)");
        }
        return out.toString();
    }

    /** The message, or empty when the text is not a well-formed message of this version. */
    public static Optional<Message> decode(String text) {
        try {
            Reader in = new Reader(text);
            if (!in.next().equals("rc1")) {
                return Optional.empty();
            }
            String node = in.next();
            long generation = Long.parseLong(in.next());
            String type = in.next();
            Invalidation invalidation;
            switch (type) {
                case "I": {
                    int n = in.count();
                    Set<TagRef> refs = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        refs.add(ref(in.next(), in.next()));
                    }
                    invalidation = new Invalidation.Indexed(refs);
                    break;
                }
                case "V": {
                    TagRef scope = ref(in.next(), in.next());
                    int n = in.count();
                    Set<String> fields = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        fields.add(in.next());
                    }
                    invalidation = new Invalidation.Variants(scope, fields);
                    break;
                }
                case "R": {
                    int n = in.count();
                    Set<String> keys = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        keys.add(in.next());
                    }
                    invalidation = new Invalidation.Resources(keys);
                    break;
                }
                case "E":
                    invalidation = new Invalidation.Everything();
                    break;
                default:
                    return Optional.empty();
            }
            return in.atEnd() ? Optional.of(new Message(node, generation, invalidation)) : Optional.empty();
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static TagRef ref(String code, String value) {
        if (code.length() != 1) {
            throw new IllegalArgumentException("bad kind " + code);
        }
        return new TagRef(TagRef.Kind.of(code.charAt(0)).orElseThrow(), value);
    }

    private static void atom(StringBuilder out, String value) {
        out.append(value.length()).append(':').append(value);
    }

    /** Reads atoms; lengths count UTF-16 chars, which is what the writer wrote. */
    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        String next() {
            int colon = text.indexOf(':', pos);
            int length = Integer.parseInt(text.substring(pos, colon));
            if (length < 0 || colon + 1 + length > text.length()) {
                throw new IllegalArgumentException("truncated");
            }
            String value = text.substring(colon + 1, colon + 1 + length);
            pos = colon + 1 + length;
            return value;
        }

        int count() {
            int n = Integer.parseInt(next());
            if (n < 0 || n > 1_000_000) {
                throw new IllegalArgumentException("bad count");
            }
            return n;
        }

        boolean atEnd() {
            return pos == text.length();
        }
    }
}
