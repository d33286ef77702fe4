package dev.photofeed.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the per-service (or per-test-class) databases on a shard server. */
public final class Databases {

    private Databases() {
    }

    public static void create(Endpoints.Postgres server, String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password())) {
            boolean exists;
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, database);
                exists = q.executeQuery().next();
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " on port " + server.port() + ": " + e.getMessage(), e);
        }
    }
}
