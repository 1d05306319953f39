package io.restcache.samples.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SharedDatabaseTest {

    @Test
    void choose_oneNodeWithoutUrl_leavesTheWarDefault() throws Exception {
        assertEquals(Optional.empty(), SharedDatabase.choose(Optional.empty(), 1));
    }

    @Test
    void choose_postgresUrl_usesItWithThePostgresDataSourceAndStartsNothing() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/content?user=postgres";

        try (SharedDatabase db = SharedDatabase.choose(Optional.of(url), 3).orElseThrow()) {
            assertEquals(url, db.url());
            assertEquals("org.postgresql.ds.PGSimpleDataSource", db.dataSourceClass());
            assertTrue(db.postgres());
            assertFalse(db.startedHere());
        }
    }

    @Test
    void choose_urlOfAnotherDatabase_failsNamingPropertyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedDatabase.choose(Optional.of("jdbc:mysql://db/content"), 3));

        assertEquals("sample.db.url must be a jdbc:postgresql: or jdbc:h2: URL, was 'jdbc:mysql://db/content'", e.getMessage());
    }

    /** What the fleet relies on: what one node writes through the URL, another connection reads. */
    @Test
    void choose_severalNodesWithoutUrl_servesOneInMemoryH2ThatEveryConnectionShares() throws Exception {
        String url;
        try (SharedDatabase db = SharedDatabase.choose(Optional.empty(), 3).orElseThrow()) {
            url = db.url();
            assertTrue(db.startedHere());
            assertEquals("org.h2.jdbcx.JdbcDataSource", db.dataSourceClass());
            try (Connection node1 = DriverManager.getConnection(url);
                    Connection node2 = DriverManager.getConnection(url);
                    Statement write = node1.createStatement();
                    Statement read = node2.createStatement()) {
                write.execute("create table app_user (id bigint primary key, username varchar(40))");
                write.execute("insert into app_user values (1, 'alice')");
                try (ResultSet rows = read.executeQuery("select username from app_user where id = 1")) {
                    assertTrue(rows.next());
                    assertEquals("alice", rows.getString(1));
                }
            }
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close(), "closed: the server is stopped");
    }
}
