package io.restcache.internal.store.redis;

import io.restcache.internal.store.EntryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * restcache's Lua scripts, kept as resources beside this class (one file each, with its contract in
 * its header comment). A line {@code --#include name} is replaced by the shared file {@code name.lua};
 * {@code @MIN_REVISION@}, {@code @REVISION@}, {@code @FRESH_UNTIL_OFFSET@} and {@code @STALE_UNTIL_OFFSET@} by the entry format's
 * constants, so the scripts that read an entry's header in place cannot drift from {@link EntryCodec}.
 */
final class RedisScripts {

    static final String SEQ_NEXT = load("seq-next");
    static final String SEQ_READ = load("seq-read");
    static final String CONTROL = load("control");
    static final String BUMP = load("bump");
    static final String START_FILL = load("start-fill");
    static final String STORE_ONE = load("store-one");
    static final String INDEX_ADD = load("index-add");
    static final String STORE_RESOURCE = load("store-resource");
    static final String PURGE_ONE = load("purge-one");
    static final String INDEX_FENCE = load("index-fence");
    static final String RESOURCE_PURGE = load("resource-purge");
    static final String EPOCH_MARK = load("epoch-mark");

    private RedisScripts() {
    }

    static String load(String name) {
        StringBuilder out = new StringBuilder();
        for (String line : read(name).split("\n", -1)) {
            if (line.startsWith("--#include ")) {
                out.append(load(line.substring("--#include ".length()).trim())).append('\n');
            } else if (!line.startsWith("--")) {     // comments stay in the files, not in every EVAL
                out.append(line).append('\n');
            }
        }
        return out.toString()
                .replace("@MIN_REVISION@", Integer.toString(EntryCodec.MIN_REVISION))
                .replace("@REVISION@", Integer.toString(EntryCodec.REVISION))
                .replace("@FRESH_UNTIL_OFFSET@", Integer.toString(EntryCodec.FRESH_UNTIL_OFFSET))
                .replace("@STALE_UNTIL_OFFSET@", Integer.toString(EntryCodec.FRESH_UNTIL_OFFSET + 8));
    }

    private static String read(String name) {
        try (InputStream in = RedisScripts.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("restcache: script " + name + ".lua is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
