package io.restcache.internal.store.redis;

import java.nio.charset.StandardCharsets;

/** The Redis Cluster hash slot of a key: CRC16-XMODEM of its hash tag (or whole key), mod 16384. */
public final class HashSlot {

    public static final int SLOTS = 16384;

    private HashSlot() {
    }

    /** The hash slot of {@code key}. */
    public static int of(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                key = key.substring(open + 1, close);
            }
        }
        return crc16(key.getBytes(StandardCharsets.UTF_8)) % SLOTS;
    }

    private static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc ^= (b & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
