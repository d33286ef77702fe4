package dev.photofeed.loadtests.chaos;

/** The calls the chaos traffic makes, all through the gateway as a client would. */
enum Op {
    READ_FEED, POST, FOLLOW, UNFOLLOW, PROFILE;

    boolean write() {
        return this == POST || this == FOLLOW || this == UNFOLLOW;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
