package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.restcache.itests.support.RedisCluster;
import io.restcache.itests.support.RedisSentinel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The topology harness itself, without a server: a killed master's data is served by its promoted replica,
 * and the killed node comes back as a replica. The suites on real topologies rely on exactly these steps.
 */
class RedisTopologyHarnessIT {

    @Test
    void cluster_killedMaster_isReplacedByItsReplica_andRejoinsAsReplica() {
        try (RedisCluster cluster = RedisCluster.start()) {
            assertEquals(3, cluster.masters().size(), "three masters");
            String key = "harness:{k}";
            int master = cluster.masterOf(key);
            // on the key's master: command() routes by its second word, which for WAIT is the replica count.
            // Until WAIT counts the replica it may still be in its first sync (slow machines): write again
            long syncedBy = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String replicas;
            do {
                assertEquals("OK", cluster.command("SET", key, "v"));
                replicas = String.valueOf(cluster.node(master).command("WAIT", "1", "2000"));
            } while (!replicas.equals("1") && System.nanoTime() < syncedBy);
            assertEquals("1", replicas, "a replica acknowledged the write before the kill");

            long killedAt = System.nanoTime();
            cluster.kill(master);
            int promoted = cluster.awaitPromotion(master, Duration.ofSeconds(20));
            System.out.printf("cluster failover: %d -> %d in %d ms%n", master, promoted,
                    (System.nanoTime() - killedAt) / 1_000_000);

            assertNotEquals(master, promoted);
            assertEquals(promoted, cluster.masterOf(key));
            assertEquals("v", cluster.command("GET", key), "the replica had the write");
            cluster.restart(master, Duration.ofSeconds(30));
            assertEquals(3, cluster.masters().size(), "the restarted node is a replica, not a fourth master");
        }
    }

    @Test
    void sentinel_killedPrimary_isReplacedByAReplica() {
        try (RedisSentinel sentinel = RedisSentinel.start()) {
            int primary = sentinel.primary();
            assertEquals("OK", sentinel.node(primary).command("SET", "harness", "v"));
            sentinel.node(primary).command("WAIT", "2", "2000");

            long killedAt = System.nanoTime();
            int dead = sentinel.killPrimary();
            int promoted = sentinel.awaitNewPrimary(dead, Duration.ofSeconds(30));
            System.out.printf("sentinel failover: %d -> %d in %d ms%n", dead, promoted,
                    (System.nanoTime() - killedAt) / 1_000_000);

            assertEquals("v", sentinel.node(promoted).command("GET", "harness"));
            sentinel.restart(dead, Duration.ofSeconds(30));
            assertEquals(promoted, sentinel.primary());
        }
    }
}
