/**
 * Logto sign-in for Jakarta Servlet 6 applications: see {@link io.logto.sdk.servlet.LogtoWeb}. Built
 * on the exported API of {@code io.logto.sdk} only; works as a plain jar on the class path too.
 */
module io.logto.sdk.servlet {
    requires transitive io.logto.sdk;
    requires transitive jakarta.servlet;
    // JdbcRefreshLeases and JdbcEndedSessions take the DataSource of the container's JDBC sessions.
    requires transitive java.sql;

    exports io.logto.sdk.servlet;
}
