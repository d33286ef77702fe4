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
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * user-service's key set as the verifiers use it. Fetched on first use; once {@code refresh-every} old it is
 * fetched again in the background while the set in hand keeps verifying, so no request waits on user-service.
 * A refresh that fails keeps the last good set, for up to {@code outage-tolerance} past its refresh time: a
 * user-service outage does not fail every authenticated call once the cache runs out. A token naming a key
 * the set lacks (a rotation) makes it fetch at once. Fetches are at most one per {@link #MIN_INTERVAL}, so
 * junk key ids or a dead user-service cannot turn every call into a fetch; with no usable set in hand at all
 * (a first fetch that failed because user-service was still starting) one a {@link #FIRST_INTERVAL}, as every
 * authenticated call fails until one succeeds.
 */
final class RemoteKeySet implements JWKSource<SecurityContext> {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    static final Duration FIRST_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(RemoteKeySet.class);
    private static final int TIMEOUT_MILLIS = 1000;
    private static final int SIZE_LIMIT = 50 * 1024;

    private record Fetched(JWKSet keys, Instant at) {
    }

    private final URL url;
    private final JwksProperties settings;
    private final InstantSource clock;
    private final Executor background;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Fetched last;
    private volatile Instant lastAttempt = Instant.MIN;

    RemoteKeySet(URL url, JwksProperties settings, InstantSource clock, Executor background) {
        this.url = url;
        this.settings = settings;
        this.clock = clock;
        this.background = background;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Fetched held = last;
        Instant now = clock.instant();
        if (!usable(held, now)) {
            held = fetchIfAllowed(now); // nothing usable in hand: this call waits
        } else if (now.isAfter(held.at().plus(settings.refreshEvery())) && mayFetch(now)) {
            refreshInBackground();
        }
        List<JWK> keys = selector.select(held.keys());
        if (keys.isEmpty() && mayFetch(now)) {
            keys = selector.select(fetch().keys());
        }
        return keys;
    }

    private boolean mayFetch(Instant now) {
        return !now.isBefore(lastAttempt.plus(MIN_INTERVAL));
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

    private void refreshInBackground() {
        if (refreshing.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    fetch();
                } catch (KeySourceException e) {
                    log.warn("{}; verifying with the key set fetched at {}", e.getMessage(), last.at());
                } finally {
                    refreshing.set(false);
                }
            });
        }
    }

    private synchronized Fetched fetch() throws KeySourceException {
        lastAttempt = clock.instant();
        try {
            Fetched fetched = new Fetched(JWKSet.load(url, TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT), clock.instant());
            last = fetched;
            return fetched;
        } catch (IOException | ParseException e) {
            throw new KeySourceException("the key set at " + url + " could not be fetched: " + e.getMessage(), e);
        }
    }
}
