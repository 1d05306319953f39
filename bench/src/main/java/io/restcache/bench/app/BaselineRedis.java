package io.restcache.bench.app;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import io.restcache.internal.config.RestCacheSettings;
import org.eclipse.microprofile.config.ConfigProvider;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The baseline filter's own Redisson client, created when the application starts and configured like
 * restcache's (same address, timeout, pool sizes, event-loop threads), so that the two are compared on equal
 * terms: a lever of Redisson's configuration moves both sides, and the ratio measures restcache's own work.
 */
@WebListener
public final class BaselineRedis implements ServletContextListener {

    private static volatile RedissonClient client;

    static RedissonClient client() {
        RedissonClient c = client;
        if (c == null) {
            throw new IllegalStateException("the baseline's Redisson client is not started");
        }
        return c;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String address = ConfigProvider.getConfig().getValue("restcache.redis.address", String.class);
        Config config = new Config();
        // restcache.redis.netty-threads, resolved as restcache resolves it ("auto" by the processors)
        config.setNettyThreads(RestCacheSettings.load(
                key -> ConfigProvider.getConfig().getOptionalValue(key, String.class)).redisNettyThreads());
        config.useSingleServer()
                .setAddress(address)
                .setClientName("bench-baseline")
                .setConnectTimeout(1000)
                .setTimeout(500)
                .setRetryAttempts(0)
                .setPingConnectionInterval(1000)
                .setConnectionMinimumIdleSize(4)
                .setConnectionPoolSize(32);
        client = Redisson.create(config);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        RedissonClient c = client;
        client = null;
        if (c != null) {
            c.shutdown();
        }
    }
}
