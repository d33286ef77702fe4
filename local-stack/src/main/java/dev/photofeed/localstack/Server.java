package dev.photofeed.localstack;

/** One real server of the stack: started and ready when {@link #start()} returns. */
public interface Server extends AutoCloseable {

    String name();

    int port();

    void start() throws Exception;

    /** Deletes what the stopped server keeps on disk, so that it starts empty; only a cache has nothing to lose. */
    default void wipe() {
        throw new StackException(name() + " keeps data the system needs: only redis can start empty");
    }

    @Override
    void close();
}
