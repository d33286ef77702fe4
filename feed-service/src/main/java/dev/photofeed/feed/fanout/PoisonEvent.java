package dev.photofeed.feed.fanout;

/** An event that can never be applied (not JSON, a field missing): it goes to the dead-letter topic at once. */
public class PoisonEvent extends RuntimeException {

    public PoisonEvent(String reason) {
        super(reason);
    }
}
