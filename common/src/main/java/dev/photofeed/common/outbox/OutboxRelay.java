package dev.photofeed.common.outbox;

import dev.photofeed.common.shard.ShardRouter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The read side of the transactional outbox: moves events from every shard's {@code outbox} table to Kafka.
 *
 * <p>Per batch, in one shard transaction: take the shard's relay lock, read the oldest rows, send them
 * (idempotent producer, {@code acks=all}), wait until the broker has acknowledged every one, then delete
 * them and commit. A relay that dies anywhere before the commit leaves the rows in place, and the next run
 * sends them again: at-least-once, never lost; consumers drop duplicates by {@code eventId}.
 *
 * <p>The lock ({@code pg_try_advisory_xact_lock}, released by the commit) lets one replica at a time relay a
 * shard, so a key's events leave in the order they were written, whatever the number of replicas.
 *
 * <p>A row Kafka refuses for good ({@link #REFUSED_FOR_GOOD}: refused on every try, whatever the broker's state)
 * moves to {@code outbox_quarantine} with its error, in the batch's transaction, and the rows behind it carry on;
 * left in place it would hold its shard back forever. Any other failure (broker down, leader moving, a timeout,
 * the relay itself failing) rolls the whole batch back to be sent again, in order. There is no count of attempts:
 * an outage of any length must not move healthy rows aside.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_KEY = 0x6f7574626f78L; // "outbox"

    /**
     * Kafka's verdicts on a record rather than on the broker: too large for the client or the broker, a topic
     * name Kafka rejects, a record the broker's validation refuses. None of Kafka's retriable errors is here.
     */
    private static final List<Class<? extends ApiException>> REFUSED_FOR_GOOD = List.of(
            RecordTooLargeException.class, RecordBatchTooLargeException.class, InvalidTopicException.class,
            InvalidRecordException.class);

    private record Row(long id, String topic, String key, UUID eventId, String type, String payload, String traceParent) {
    }

    private final ShardRouter shards;
    private final Producer<String, String> producer;
    private final int batchSize;
    private final Duration pollInterval;
    private final Semaphore wake = new Semaphore(0);
    private volatile Thread worker;

    public OutboxRelay(ShardRouter shards, Producer<String, String> producer, int batchSize, Duration pollInterval) {
        this.shards = shards;
        this.producer = producer;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
    }

    /** Relays one batch from one shard; returns how many events left the outbox (sent, or quarantined). */
    public int relayBatch(ShardRouter.Shard shard) {
        Integer sent = shard.transactions().execute(tx -> {
            boolean locked = shard.jdbc().sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK_KEY)
                    .query(Boolean.class).single();
            if (!locked) {
                return 0; // another replica is relaying this shard
            }
            List<Row> rows = shard.jdbc().sql("""
                            SELECT id, topic, event_key, event_id, event_type, payload, trace_parent
                            FROM outbox ORDER BY id LIMIT ?
                            """)
                    .param(batchSize)
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("topic"), rs.getString("event_key"),
                            rs.getObject("event_id", UUID.class), rs.getString("event_type"), rs.getString("payload"),
                            rs.getString("trace_parent")))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
                record.headers().add(new RecordHeader("event-id", row.eventId().toString().getBytes(StandardCharsets.UTF_8)));
                record.headers().add(new RecordHeader("event-type", row.type().getBytes(StandardCharsets.UTF_8)));
                try (Scope ignored = traceOf(row).makeCurrent()) {
                    acks.add(producer.send(record)); // the agent's produce span joins the request's trace
                }
            }
            producer.flush();
            for (int i = 0; i < rows.size(); i++) {
                try {
                    acks.get(i).get(30, TimeUnit.SECONDS); // any other failure rolls back: the rows stay for the next run
                } catch (ExecutionException e) {
                    if (!refusedForGood(e.getCause())) {
                        throw new IllegalStateException("Kafka did not acknowledge an outbox event", e);
                    }
                    quarantine(shard, rows.get(i), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                } catch (Exception e) {
                    throw new IllegalStateException("Kafka did not acknowledge an outbox event", e);
                }
            }
            shard.jdbc().sql("DELETE FROM outbox WHERE id IN (:ids)")
                    .param("ids", rows.stream().map(Row::id).toList())
                    .update();
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    private static boolean refusedForGood(Throwable failure) {
        return REFUSED_FOR_GOOD.stream().anyMatch(refusal -> refusal.isInstance(failure));
    }

    /** Copies the row aside with its error; the batch's delete then takes it out of the outbox. */
    private static void quarantine(ShardRouter.Shard shard, Row row, Throwable refusal) {
        String error = refusal.getClass().getSimpleName() + ": " + refusal.getMessage();
        shard.jdbc().sql("""
                        INSERT INTO outbox_quarantine (id, topic, event_key, event_id, event_type, payload, trace_parent, created_at, error)
                        SELECT id, topic, event_key, event_id, event_type, payload, trace_parent, created_at, ? FROM outbox WHERE id = ?
                        """)
                .param(error).param(row.id()).update();
        log.error("outbox event {} (row {} on {}, topic {}) refused by Kafka for good, quarantined: {}",
                row.eventId(), row.id(), shard.name(), row.topic(), error);
    }

    /** The trace the event was written in ({@link OutboxWriter}); the empty root context if none. */
    private static Context traceOf(Row row) {
        if (row.traceParent() == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), row.traceParent(), TRACE_PARENT);
    }

    /** Reads the stored {@code traceparent} as if it were the one header of a carrier. */
    private static final TextMapGetter<String> TRACE_PARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceParent) {
            return List.of("traceparent");
        }

        @Override
        public String get(String traceParent, String key) {
            return "traceparent".equals(key) ? traceParent : null;
        }
    };

    /** Wakes the relay: an event has just been committed. */
    public void nudge() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run() {
        while (worker == Thread.currentThread()) {
            int sent = 0;
            for (ShardRouter.Shard shard : shards.all()) {
                try {
                    sent += relayBatch(shard);
                } catch (RuntimeException e) {
                    log.warn("outbox relay on {} failed, retrying: {}", shard.name(), e.getMessage());
                }
            }
            if (sent == 0) {
                try {
                    wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        if (worker == null) {
            Thread thread = Thread.ofPlatform().name("outbox-relay").daemon().unstarted(this::run);
            worker = thread; // before start(): the loop runs while it is the worker
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        Thread running = worker;
        worker = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
