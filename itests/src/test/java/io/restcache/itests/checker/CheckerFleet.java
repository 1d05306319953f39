package io.restcache.itests.checker;

import io.restcache.itests.app.BearerAuthMechanism;
import io.restcache.itests.checker.app.CheckerApplication;
import io.restcache.itests.checker.app.MemcachedRowsResource;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.PayaraNode;
import io.restcache.itests.support.PostgresProcess;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The checker's world: its own PostgreSQL (the source of truth) with the rows table, its own redis-server,
 * and Payara Micro nodes (real JVMs) deploying one checker WAR. The {@code unsafe} nodes run with the
 * test-only switch that ignores fleet messages; the others are the fleet under test.
 */
final class CheckerFleet implements AutoCloseable {

    /** The staleness bound the checker judges by: the default {@code restcache.near-cache.max-age}. */
    static final Duration NEAR_MAX_AGE = Duration.ofSeconds(3);

    /**
     * The nodes' own near-cache maximum age: the bound unless {@code -Drestcache.checker.node-near-max-age}
     * gives a longer one — with {@code -Drestcache.checker.tracking=bcast}, the experiment of whether key
     * tracking lets the near cache keep entries longer while reads stay within the 3 s bound.
     */
    private static final String NODE_NEAR_MAX_AGE = System.getProperty("restcache.checker.node-near-max-age",
            NEAR_MAX_AGE.toMillis() + "ms");
    private static final String TRACKING = System.getProperty("restcache.checker.tracking", "off");
    private static final String CONTEXT = "checker";

    private final PostgresProcess postgres;
    private final RedisControl redis;
    private final Map<String, PayaraNode> nodes = new LinkedHashMap<>();
    private final List<String> unsafe = new ArrayList<>();

    /** More settings of every node (the Memcached servers of the Memcached endpoints). */
    private final Map<String, String> extraConfig;

    private CheckerFleet(PostgresProcess postgres, RedisControl redis, Map<String, String> extraConfig) {
        this.postgres = postgres;
        this.redis = redis;
        this.extraConfig = extraConfig;
    }

    /**
     * Starts the database and the nodes against {@code redis} (which the fleet then owns and stops) and
     * waits until every node answers from a connected, subscribed cache.
     */
    static CheckerFleet start(RedisControl redis, List<String> safeNodes, List<String> unsafeNodes) {
        return start(redis, safeNodes, unsafeNodes, Map.of());
    }

    /**
     * Like {@link #start(RedisControl, List, List)}, with more settings for every node; with
     * {@code restcache.memcached.servers} among them, the nodes also serve the endpoints whose entries are in
     * Memcached ({@code memcached/...}).
     */
    static CheckerFleet start(RedisControl redis, List<String> safeNodes, List<String> unsafeNodes,
            Map<String, String> extraConfig) {
        Path target = Path.of(Objects.requireNonNull(System.getProperty("restcache.itest.workdir"),
                "run through Maven: restcache.itest.workdir is the build directory"));
        CheckerFleet fleet;
        try {
            fleet = new CheckerFleet(PostgresProcess.start(target), redis, Map.copyOf(extraConfig));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        try {
            fleet.createRows();
            WebArchive war = fleet.war();
            for (String node : safeNodes) {
                // the first node purges every index of two members or more lazily (by an epoch), the others
                // eagerly: both kinds of purge, and their mix, run under every phase
                fleet.nodes.put(node, PayaraNode.start(war, CONTEXT, node.equals(safeNodes.get(0))
                        ? Map.of("restcache.node-name", node, "restcache.invalidation.lazy-above", "1")
                        : Map.of("restcache.node-name", node)));
            }
            for (String node : unsafeNodes) {
                fleet.nodes.put(node, PayaraNode.start(war, CONTEXT, Map.of("restcache.node-name", node,
                        "restcache.test.unsafe-ignore-fleet-messages", "true")));
                fleet.unsafe.add(node);
            }
            fleet.nodes.values().forEach(n -> n.awaitReady("rows/1", Duration.ofMinutes(4)));
            fleet.nodes.keySet().forEach(fleet::awaitSubscribed);
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    RedisControl redis() {
        return redis;
    }

    /** Base URL by node name, of the nodes under test (the switch off). */
    Map<String, String> safeNodes() {
        Map<String, String> urls = new LinkedHashMap<>();
        nodes.forEach((name, node) -> {
            if (!unsafe.contains(name)) {
                urls.put(name, node.base());
            }
        });
        return urls;
    }

    /** Base URL of a node that runs with the test-only switch on. */
    Map<String, String> unsafeNode(String name) {
        return Map.of(name, nodes.get(name).base());
    }

    private void createRows() {
        postgres.sql("CREATE TABLE rows (id integer PRIMARY KEY, version bigint NOT NULL, owner text NOT NULL)");
        postgres.sql("INSERT INTO rows SELECT id, 1, 'user' || (id % " + Driver.USERS + ") FROM generate_series(1, "
                + Driver.ROWS + ") AS id");
    }

    private WebArchive war() {
        File driver = new File(Objects.requireNonNull(System.getProperty("restcache.itest.jdbc-driver"),
                "run through Maven: restcache.itest.jdbc-driver names the PostgreSQL JDBC driver's jar"));
        Map<String, String> config = new LinkedHashMap<>(redis.restcacheConfig());
        config.put("restcache.near-cache.max-age", NODE_NEAR_MAX_AGE);
        config.put("restcache.near-cache.tracking", TRACKING);
        // the nodes are reached on their own ports; a real fleet sits behind one host name
        config.put("restcache.key.authority", "ignore");
        config.put("checker.db.url", postgres.jdbcUrl());
        config.putAll(extraConfig);
        WebArchive war = Deployments.war(CONTEXT, config, CheckerApplication.class.getPackage());
        if (!extraConfig.containsKey("restcache.memcached.servers")) {
            war.deleteClass(MemcachedRowsResource.class);     // without servers its deployment would be refused
        }
        return war.addClass(BearerAuthMechanism.class).addAsLibraries(driver);
    }

    /** The near cache is used from the fleet subscription on: the run starts from a subscribed fleet. */
    private void awaitSubscribed(String node) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> redis.pubSubConnectionOf(node).isPresent());
    }

    @Override
    public void close() {
        nodes.values().forEach(PayaraNode::close);
        redis.close();
        postgres.close();
    }
}
