package dev.photofeed.loadtests.chaos;

/**
 * One call of the chaos traffic and what came of it: {@code status} 0 is no answer at all (refused, reset, timed
 * out), with the reason in {@code error}. {@code target} is the other user (followee, or the profile read) or,
 * for an accepted post, the new photo's id.
 */
record Call(Op op, long actor, long target, long startMillis, long endMillis, int status, String error) {

    boolean ok() {
        return status / 100 == 2;
    }

    /** An answer that says nothing was done: a 4xx, such as 429 or a 400. */
    boolean refused() {
        return status / 100 == 4;
    }

    /** A write that may or may not have happened: no answer, or a 5xx that may have come after the commit. */
    boolean ambiguous() {
        return !ok() && !refused();
    }

    String outcome() {
        return status == 0 ? error : String.valueOf(status);
    }
}
