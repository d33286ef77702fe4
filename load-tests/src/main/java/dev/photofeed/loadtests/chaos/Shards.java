package dev.photofeed.loadtests.chaos;

import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.localstack.StackLayout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Postgres shards read directly, past the services: what is stored, not what an API says is stored. */
final class Shards {

    interface Row {
        void accept(ResultSet row) throws SQLException;
    }

    private Shards() {
    }

    /** Which physical shard each user lives on: where its user row is. */
    static Map<Long, Integer> ofUsers(StackLayout layout, List<Api.Token> users) {
        Long[] ids = users.stream().map(Api.Token::userId).toArray(Long[]::new);
        Map<Long, Integer> shards = new HashMap<>();
        List<Integer> ports = layout.ports().postgres();
        for (int shard = 0; shard < ports.size(); shard++) {
            int at = shard;
            query(ports.get(shard), "users", "SELECT id FROM users WHERE id = ANY(?)", ids, r -> shards.put(r.getLong(1), at));
        }
        return shards;
    }

    /** Runs {@code sql}, whose one parameter is the array {@code ids}, on the shard at {@code port}. */
    static void query(int port, String database, String sql, Long[] ids, Row row) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, "postgres", "");
             PreparedStatement q = c.prepareStatement(sql)) {
            q.setArray(1, c.createArrayOf("bigint", ids));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    row.accept(r);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("shard on port " + port + ", " + database + ": " + e.getMessage(), e);
        }
    }
}
