package io.restcache.itests.checker.app;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The rows table ({@code rows(id, version, owner)}, created by the test), through the JTA data source. */
@ApplicationScoped
public class Rows {

    @Resource(lookup = "java:app/jdbc/checker")
    DataSource db;

    Optional<Row> find(int id) {
        return query("SELECT id, version, owner FROM rows WHERE id = ?", id).stream().findFirst();
    }

    List<Row> ownedBy(String owner) {
        return query("SELECT id, version, owner FROM rows WHERE owner = ? ORDER BY id", owner);
    }

    List<Row> inGroup(int group, int groups) {
        return query("SELECT id, version, owner FROM rows WHERE id % ? = ? ORDER BY id", groups, group);
    }

    /** Increments the row's version in the caller's transaction and returns the row as written. */
    Optional<Row> increment(int id) {
        return query("UPDATE rows SET version = version + 1 WHERE id = ? RETURNING id, version, owner", id)
                .stream().findFirst();
    }

    private List<Row> query(String sql, Object... parameters) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (r.next()) {
                    rows.add(new Row(r.getInt(1), r.getLong(2), r.getString(3)));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("rows: " + sql, e);
        }
    }
}
