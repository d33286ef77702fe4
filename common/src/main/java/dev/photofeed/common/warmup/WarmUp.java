package dev.photofeed.common.warmup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

import java.util.List;

/**
 * Opens and checks every connection before the service reports ready (seed 000: cold connections are what
 * hurt p99.9). Spring Boot marks readiness only after the application runners finish, so until this
 * returns the readiness probe answers 503 and no load balancer sends traffic.
 */
public final class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final List<Warmable> clients;

    public WarmUp(List<Warmable> clients) {
        this.clients = clients;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        for (Warmable client : clients) {
            long started = System.nanoTime();
            client.warm();
            log.info("warm: {} in {} ms", client.name(), (System.nanoTime() - started) / 1_000_000);
        }
    }
}
