package dev.photofeed.common.events;

/**
 * An event that can never be applied (not JSON, a required field missing or malformed): retrying cannot help,
 * so the consumer runtime sends it to {@code <topic>.dlt} at once and goes on with the next record.
 */
public class PoisonEvent extends RuntimeException {

    public PoisonEvent(String reason) {
        super(reason);
    }
}
