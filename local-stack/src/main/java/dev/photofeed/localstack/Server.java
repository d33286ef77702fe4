package dev.photofeed.localstack;

/** One real server of the stack: started and ready when {@link #start()} returns. */
public interface Server extends AutoCloseable {

    String name();

    int port();

    void start() throws Exception;

    @Override
    void close();
}
