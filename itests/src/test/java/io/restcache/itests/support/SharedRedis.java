package io.restcache.itests.support;

/** One redis-server for the whole test JVM, for test classes that do not need to kill theirs. */
public final class SharedRedis {

    private static RedisProcess redis;

    private SharedRedis() {
    }

    public static synchronized RedisProcess get() {
        if (redis == null) {
            redis = RedisProcess.start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::kill, "stop-test-redis"));
        }
        return redis;
    }
}
