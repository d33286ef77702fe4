package dev.photofeed.common.cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleFlightTest {

    private final SingleFlight<String, String> flights = new SingleFlight<>();
    /** Its own threads: the common pool has a single thread on a 2-core machine, which the leader would hold. */
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aWaiterGetsTheLeadersValueWithoutLoading() throws Exception {
        CountDownLatch leaderLoading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch waited = new CountDownLatch(1);
        CompletableFuture<String> leader = CompletableFuture.supplyAsync(() -> flights.run("k", () -> {
            leaderLoading.countDown();
            await(release);
            return "loaded once";
        }, () -> { }), threads);
        assertThat(leaderLoading.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> flights.run("k", () -> "loaded twice", waited::countDown), threads);
        assertThat(waited.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("loaded once");
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("loaded once");
    }

    @Test
    void anErrorInTheLeadersLoadReleasesItsWaiters() throws Exception {
        CountDownLatch leaderLoading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch waited = new CountDownLatch(1);
        CompletableFuture<String> leader = CompletableFuture.supplyAsync(() -> flights.run("k", () -> {
            leaderLoading.countDown();
            await(release);
            throw new StackOverflowError("deep");
        }, () -> { }), threads);
        assertThat(leaderLoading.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> flights.run("k", () -> "never", waited::countDown), threads);
        assertThat(waited.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).as("the waiter is not left hanging")
                .hasRootCauseInstanceOf(StackOverflowError.class);
        assertThatThrownBy(() -> leader.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(StackOverflowError.class);
        assertThat(flights.run("k", () -> "fresh", () -> { })).as("the next call loads anew").isEqualTo("fresh");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
