package io.restcache.samples.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.tools.Server;

/**
 * The one database that a fleet of sample nodes shares: the PostgreSQL (or H2) at {@code sample.db.url}, or,
 * when none is given, an in-memory H2 database served over TCP by this launcher's own JVM on a free
 * loopback port — nothing to install, gone when the launcher stops. Each node reaches it through the
 * WAR's data source settings {@code SAMPLE_DB_URL} and {@code SAMPLE_DB_DATASOURCE}.
 *
 * <p>The embedded server is the H2 that Payara Micro bundles (the launcher's pom pins the same
 * version), so that the client inside each node speaks its protocol.
 */
final class SharedDatabase implements AutoCloseable {

    private final String url;
    private final String dataSourceClass;
    private final String description;
    private final Server h2;

    private SharedDatabase(String url, String dataSourceClass, String description, Server h2) {
        this.url = url;
        this.dataSourceClass = dataSourceClass;
        this.description = description;
        this.h2 = h2;
    }

    /**
     * The database for this many nodes: the given URL, else an H2 server started here for a fleet, else
     * none (one node keeps the WAR's default, its own in-memory database).
     */
    static Optional<SharedDatabase> choose(Optional<String> url, int nodes) throws IOException {
        if (url.isPresent()) {
            return Optional.of(given(url.get()));
        }
        return nodes > 1 ? Optional.of(startH2()) : Optional.empty();
    }

    private static SharedDatabase given(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new SharedDatabase(url, "org.postgresql.ds.PGSimpleDataSource", "PostgreSQL at " + url, null);
        }
        if (url.startsWith("jdbc:h2:")) {
            return new SharedDatabase(url, "org.h2.jdbcx.JdbcDataSource", "H2 at " + url, null);
        }
        throw new IllegalArgumentException("sample.db.url must be a jdbc:postgresql: or jdbc:h2: URL, was '" + url + "'");
    }

    private static SharedDatabase startH2() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try {
            // Without -tcpAllowOthers it accepts loopback connections only; -ifNotExists lets the first
            // node create the in-memory database, which DB_CLOSE_DELAY=-1 keeps until the server stops.
            Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
            String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:content;DB_CLOSE_DELAY=-1";
            return new SharedDatabase(url, "org.h2.jdbcx.JdbcDataSource",
                    "H2 " + org.h2.engine.Constants.VERSION + " in-memory, served by this launcher at " + url, server);
        } catch (SQLException e) {
            throw new IOException("Could not start the H2 server on port " + port, e);
        }
    }

    /** The JDBC URL every node uses. */
    String url() {
        return url;
    }

    /** The driver's {@code DataSource} class, for the node's connection pool. */
    String dataSourceClass() {
        return dataSourceClass;
    }

    /** Whether the nodes need the PostgreSQL driver on their class path. */
    boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Whether this launcher runs the database server (and stops it on exit). */
    boolean startedHere() {
        return h2 != null;
    }

    /** What it is, for the console. */
    String description() {
        return description;
    }

    /** Stops the H2 server if this launcher started one; a given database is left alone. */
    @Override
    public void close() {
        if (h2 != null) {
            h2.stop();
        }
    }
}
