package dev.photofeed.user.event;

/** The {@code type} of each {@code user-events} record (the payload also carries a unique {@code eventId}). */
public final class UserEventTypes {

    public static final String USER_CREATED = "user-created";
    public static final String USER_FOLLOWED = "user-followed";
    public static final String USER_UNFOLLOWED = "user-unfollowed";

    private UserEventTypes() {
    }
}
