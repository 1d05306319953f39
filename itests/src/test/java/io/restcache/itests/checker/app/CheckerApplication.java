package io.restcache.itests.checker.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The consistency checker's application: rows in the test's own PostgreSQL, read through cached
 * endpoints and written in JTA transactions. The data source is a JTA one (transactional is the default),
 * so a {@code @Transactional} write commits before {@code @InvalidateTags} drops anything. Its URL comes
 * from MicroProfile Config ({@code checker.db.url}, set by the test per node): Payara resolves
 * {@code ${MPCONFIG=...}} in the annotation.
 */
@ApplicationPath("/")
@DeclareRoles("user")
@DataSourceDefinition(name = "java:app/jdbc/checker",
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=checker.db.url}",
        user = "postgres",
        password = "",
        minPoolSize = 2,
        maxPoolSize = 32)
public class CheckerApplication extends Application {
}
