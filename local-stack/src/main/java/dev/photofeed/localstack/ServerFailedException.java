package dev.photofeed.localstack;

/** A named server could not start; the message carries the cause and, where there is one, its log's tail. */
public final class ServerFailedException extends RuntimeException {

    private final String server;

    public ServerFailedException(String server, Throwable cause) {
        super(server + " failed to start: " + cause.getMessage(), cause);
        this.server = server;
    }

    public String server() {
        return server;
    }
}
