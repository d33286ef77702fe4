package dev.photofeed.localstack;

/** A problem the user can fix; the launcher prints its message as one line and exits non-zero. */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }
}
