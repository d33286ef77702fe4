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

/** Which physical shard each user lives on, read from the shards themselves: where its user row is. */
final class ShardOf {

    private ShardOf() {
    }

    static Map<Long, Integer> users(StackLayout layout, List<Api.Token> users) {
        Long[] ids = users.stream().map(Api.Token::userId).toArray(Long[]::new);
        Map<Long, Integer> shards = new HashMap<>();
        List<Integer> ports = layout.ports().postgres();
        for (int shard = 0; shard < ports.size(); shard++) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + ports.get(shard) + "/users", "postgres", "");
                 PreparedStatement q = c.prepareStatement("SELECT id FROM users WHERE id = ANY(?)")) {
                q.setArray(1, c.createArrayOf("bigint", ids));
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        shards.put(r.getLong(1), shard);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("shard " + shard + ": " + e.getMessage(), e);
            }
        }
        return shards;
    }
}
