package io.restcache.internal.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyWriterTest {

    /**
     * Ids are Redis key names and hash fields that other nodes (and earlier releases of the same layout)
     * compute too: the canonical form and its digest are pinned, so a change shows here before it orphans
     * every stored entry.
     */
    @Test
    void idsAre128BitsOfSha256OfTheLengthPrefixedAtoms() {
        assertEquals("3:rc23:idx5:tag:a", new KeyWriter().atom("rc2").atom("idx").atom("tag:a").canonical());
        assertEquals("MBotqtHN4U7RgY5u5_H37A", new KeyWriter().atom("rc2").atom("idx").atom("tag:a").digest());
        assertEquals("MBotqtHN4U7RgY5u5_H37A", KeyBuilder.opaqueId("tag:a"));
    }

    @Test
    void utf8Length_isTheEncodersLength_forAsciiAccentsCjkEmojiAndLoneSurrogates() {
        List<String> samples = List.of("", "abc", "é", "ünïcödé", "日本語", "😀", "a😀b", "\uD83D", "x\uDE00y",
                "\uDE00\uD83D", "\uD83D\uD83D\uDE00", "\u0000\u007f\u0080\u07ff\u0800\uffff");
        for (String s : samples) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, KeyWriter.utf8Length(s), s);
        }
    }

    @Test
    void utf8Length_isTheEncodersLength_forRandomUtf16() {
        Random random = new Random(3);
        for (int round = 0; round < 2_000; round++) {
            char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++) {
                // mostly the interesting ranges: ASCII, two- and three-byte, and surrogates paired or not
                chars[i] = switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) (0x80 + random.nextInt(0x780));
                    case 2 -> (char) (0xD800 + random.nextInt(0x800));
                    default -> (char) random.nextInt(0x10000);
                };
            }
            String s = new String(chars);
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, KeyWriter.utf8Length(s), () -> s.chars()
                    .mapToObj(c -> Integer.toHexString(c)).toList().toString());
        }
    }
}
