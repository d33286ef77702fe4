package dev.photofeed.localstack;

import java.util.List;

/** How to reach the real servers, whichever way they were started. */
public record Endpoints(List<Postgres> postgres, String redisHost, int redisPort, String kafkaBootstrapServers,
                        String s3Endpoint, String s3AccessKey, String s3SecretKey) {

    public record Postgres(String host, int port, String username, String password) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }
}
