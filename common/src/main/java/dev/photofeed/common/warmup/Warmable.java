package dev.photofeed.common.warmup;

/** A client whose connections {@link WarmUp} opens and checks before the service takes traffic. */
public interface Warmable {

    String name();

    void warm() throws Exception;
}
