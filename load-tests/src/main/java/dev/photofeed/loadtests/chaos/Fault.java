package dev.photofeed.loadtests.chaos;

import java.time.Duration;
import java.util.Set;

/**
 * One injected fault: what is done to which component and for how long, and its blast radius, the calls it may
 * fail. A call outside the radius that fails while the fault lasts is a fault of the system's isolation, not of
 * the component.
 *
 * @param shard for a Postgres shard: the physical shard, whose users' calls (as actor or target) may fail; -1 otherwise
 */
record Fault(String name, String component, Action action, Duration hold, Set<Op> radius, int shard) {

    enum Action {
        /** SIGKILL; the supervisor starts it again, and the fault lasts until it is ready. */
        KILL,
        /** A clean stop for {@code hold}, then a start. */
        STOP,
        /** A stop for {@code hold}, then a start with nothing on disk (a cache that lost its node). */
        STOP_EMPTY,
        /** SIGSTOP for {@code hold}, then SIGCONT: alive, connected, and silent. */
        PAUSE
    }

    Fault held(Duration newHold) {
        return action == Action.KILL ? this : new Fault(name, component, action, newHold, radius, shard);
    }

    String describe() {
        return switch (action) {
            case KILL -> "kill -9 " + component;
            case STOP -> component + " stopped " + hold.toSeconds() + " s";
            case STOP_EMPTY -> component + " stopped " + hold.toSeconds() + " s, started empty";
            case PAUSE -> component + " paused " + hold.toSeconds() + " s";
        };
    }
}
