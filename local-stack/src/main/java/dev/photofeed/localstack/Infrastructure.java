package dev.photofeed.localstack;

/** The real servers a test or the stack runs against: embedded processes, or containers when Docker answers. */
public interface Infrastructure extends AutoCloseable {

    Endpoints endpoints();

    @Override
    void close();
}
