package dev.photofeed.common.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * user-service's key set as the verifiers use it. Fetched on first use; once {@code refresh-every} old it is
 * fetched again in the background while the set in hand keeps verifying, so no request waits on user-service.
 * {@link #keepFresh} also checks on a timer, so a key withdrawn from user-service's set stops verifying within
 * about {@code refresh-every} even in a process no request reached meanwhile. A refresh that fails keeps the
 * last good set, for up to {@code outage-tolerance} past its refresh time: a user-service outage does not fail
 * every authenticated call once the cache runs out. A token naming a key the set lacks (a rotation) makes it
 * fetch at once. Fetches are at most one per {@link #MIN_INTERVAL} (or per {@code refresh-every} if shorter),
 * so junk key ids or a dead user-service cannot turn every call into a fetch; with no usable set in hand at all
 * (a first fetch that failed because user-service was still starting) one a {@link #FIRST_INTERVAL}, as every
 * authenticated call fails until one succeeds. Each set fetched is told to {@link #whenFetched} listeners (the
 * verified-token cache, which forgets the tokens of keys that left it).
 */
final class RemoteKeySet implements JWKSource<SecurityContext>, AutoCloseable {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    static final Duration FIRST_INTERVAL = Duration.ofSeconds(1);
    /** The timer's longest period: a withdrawal shows within refresh-every plus this plus one fetch. */
    static final Duration MAX_TICK = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(RemoteKeySet.class);
    private static final int TIMEOUT_MILLIS = 1000;
    private static final int SIZE_LIMIT = 50 * 1024;

    private record Fetched(JWKSet keys, Instant at) {
    }

    private final URL url;
    private final JwksProperties settings;
    private final Duration minInterval;
    private final InstantSource clock;
    private final Executor background;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Consumer<Set<String>> listener = keyIds -> { };
    private volatile ScheduledExecutorService timer;
    private volatile Fetched last;
    private volatile Instant lastAttempt = Instant.MIN;

    RemoteKeySet(URL url, JwksProperties settings, InstantSource clock, Executor background) {
        this.url = url;
        this.settings = settings;
        this.minInterval = settings.refreshEvery().compareTo(MIN_INTERVAL) < 0 ? settings.refreshEvery() : MIN_INTERVAL;
        this.clock = clock;
        this.background = background;
    }

    /** Checks on a timer whether the set is due, so its age stays bounded without traffic; stopped by {@link #close}. */
    RemoteKeySet keepFresh() {
        long tick = Math.clamp(settings.refreshEvery().toMillis() / 4, 50, MAX_TICK.toMillis());
        ScheduledExecutorService scheduled = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("jwks-timer").factory());
        scheduled.scheduleWithFixedDelay(this::refreshIfDue, tick, tick, TimeUnit.MILLISECONDS);
        timer = scheduled;
        return this;
    }

    /** Called with the key ids of every set fetched, after it is in use. */
    void whenFetched(Consumer<Set<String>> keyIds) {
        this.listener = Objects.requireNonNull(keyIds);
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Fetched held = last;
        Instant now = clock.instant();
        if (!usable(held, now)) {
            held = fetchIfAllowed(now); // nothing usable in hand: this call waits
        } else if (due(held, now) && mayFetch(now)) {
            refreshInBackground();
        }
        List<JWK> keys = selector.select(held.keys());
        if (keys.isEmpty() && mayFetch(now)) {
            keys = selector.select(fetchForUnknownKey(now).keys());
        }
        return keys;
    }

    /** The timer's check; before the first fetch it does nothing, as that one is made by the first call. */
    void refreshIfDue() {
        try {
            Fetched held = last;
            Instant now = clock.instant();
            if (held != null && due(held, now) && mayFetch(now)) {
                refreshInBackground();
            }
        } catch (RuntimeException e) {
            log.warn("the key set's refresh could not start: {}", e.toString()); // thrown out, it would stop the timer
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService scheduled = timer;
        if (scheduled != null) {
            scheduled.shutdownNow();
        }
    }

    private boolean due(Fetched held, Instant now) {
        return !now.isBefore(held.at().plus(settings.refreshEvery()));
    }

    private boolean mayFetch(Instant now) {
        return !now.isBefore(lastAttempt.plus(minInterval));
    }

    private boolean usable(Fetched held, Instant now) {
        return held != null && !now.isAfter(held.at().plus(settings.refreshEvery()).plus(settings.outageTolerance()));
    }

    /** Calls arriving together wait on the one fetch and use its set; only a failed fetch holds the others off. */
    private synchronized Fetched fetchIfAllowed(Instant now) throws KeySourceException {
        Fetched fetchedWhileWaiting = last;
        if (usable(fetchedWhileWaiting, now)) {
            return fetchedWhileWaiting;
        }
        if (now.isBefore(lastAttempt.plus(FIRST_INTERVAL))) {
            throw new KeySourceException("the key set was fetched less than " + FIRST_INTERVAL + " ago and is not usable");
        }
        return fetch();
    }

    /** Many calls naming unknown keys at once make one fetch: the ones that waited use its set. */
    private synchronized Fetched fetchForUnknownKey(Instant now) throws KeySourceException {
        return mayFetch(now) ? fetch() : last;
    }

    private void refreshInBackground() {
        if (refreshing.compareAndSet(false, true)) {
            try {
                background.execute(() -> {
                    try {
                        fetch();
                    } catch (KeySourceException e) {
                        log.warn("{}; verifying with the key set fetched at {}", e.getMessage(), last.at());
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RuntimeException e) {
                refreshing.set(false);
                throw e;
            }
        }
    }

    private synchronized Fetched fetch() throws KeySourceException {
        lastAttempt = clock.instant();
        Fetched fetched;
        try {
            fetched = new Fetched(JWKSet.load(url, TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT), clock.instant());
        } catch (IOException | ParseException e) {
            throw new KeySourceException("the key set at " + url + " could not be fetched: " + e.getMessage(), e);
        }
        last = fetched;
        listener.accept(fetched.keys().getKeys().stream().map(JWK::getKeyID).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet()));
        return fetched;
    }
}
