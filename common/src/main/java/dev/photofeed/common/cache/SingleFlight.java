package dev.photofeed.common.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One load per key at a time in this process (the thundering-herd guard of “Scaling”): the first caller for a
 * key runs the load; callers that arrive while it runs wait for that same result (or its exception) instead
 * of loading again. Once the load ends, the next caller starts a new one.
 */
public final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    /** @param onWait runs when this call waits for another's load instead of loading (a coalesced call) */
    public V run(K key, Supplier<V> load, Runnable onWait) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            onWait.run();
            try {
                return leader.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e; // the leader's own error
            }
        }
        try {
            V value = load.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e); // whatever ends the load must release its waiters too
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }
}
