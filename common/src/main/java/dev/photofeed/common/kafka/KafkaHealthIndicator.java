package dev.photofeed.common.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * "kafka" in the health endpoint: the broker answers a cluster description. Not part of readiness: the
 * services keep serving while Kafka is away (writes wait in the outbox, feeds are served from Redis).
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final Admin admin;

    public KafkaHealthIndicator(Map<String, Object> adminConfig) {
        super("Kafka check failed");
        this.admin = Admin.create(adminConfig);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
        builder.up()
                .withDetail("clusterId", cluster.clusterId().get(2, TimeUnit.SECONDS))
                .withDetail("brokers", cluster.nodes().get(2, TimeUnit.SECONDS).size());
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
