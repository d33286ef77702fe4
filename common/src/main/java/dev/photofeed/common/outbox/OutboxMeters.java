package dev.photofeed.common.outbox;

import dev.photofeed.common.shard.ShardRouter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code photofeed.outbox.backlog} (events waiting) and {@code photofeed.outbox.age} (seconds the oldest has
 * waited), per shard: a growing age means the relay or Kafka is stuck. {@code photofeed.outbox.quarantined}:
 * events Kafka refused for good, set aside ({@link OutboxRelay}); anything above zero needs a person. Read from
 * the tables at each scrape.
 */
public final class OutboxMeters implements MeterBinder {

    private final ShardRouter shards;

    public OutboxMeters(ShardRouter shards) {
        this.shards = shards;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ShardRouter.Shard shard : shards.all()) {
            Gauge.builder("photofeed.outbox.backlog", shard,
                            s -> s.jdbc().sql("SELECT count(*) FROM outbox").query(Long.class).single())
                    .tag("shard", shard.name()).register(registry);
            Gauge.builder("photofeed.outbox.age", shard,
                            s -> s.jdbc().sql("SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox")
                                    .query(Double.class).single())
                    .tag("shard", shard.name()).baseUnit("seconds").register(registry);
            Gauge.builder("photofeed.outbox.quarantined", shard,
                            s -> s.jdbc().sql("SELECT count(*) FROM outbox_quarantine").query(Long.class).single())
                    .tag("shard", shard.name()).register(registry);
        }
    }
}
