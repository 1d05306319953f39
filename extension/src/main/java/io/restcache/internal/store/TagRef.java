package io.restcache.internal.store;

/**
 * Something a stored variant is indexed under, so that one call can drop every variant indexed under
 * it: an application tag ({@code user:42}), a request path ({@code /users/42}, implicit for every
 * entry) or a user (the keyed hash of a principal, implicit for per-user entries). The kinds live in
 * separate key spaces, so an application tag can never collide with a path or a user.
 *
 * @param kind what the value names
 * @param value the tag, the path, or the user hash
 */
public record TagRef(Kind kind, String value) {

    /** The kinds of index. */
    public enum Kind {
        TAG('t'), PATH('p'), USER('u');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }

        /** The kind with this code, if any. */
        public static java.util.Optional<Kind> of(char code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public TagRef {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " reference needs a value");
        }
    }

    public static TagRef tag(String tag) {
        return new TagRef(Kind.TAG, tag);
    }

    public static TagRef path(String path) {
        return new TagRef(Kind.PATH, path);
    }

    public static TagRef user(String userHash) {
        return new TagRef(Kind.USER, userHash);
    }

    /** The index's identity inside Redis key names: {@code <kind code>:<value>}. */
    public String id() {
        return kind.code + ":" + value;
    }
}
