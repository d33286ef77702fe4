package dev.photofeed.common.warmup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

import java.util.List;

/**
 * Opens and checks every connection before the service reports ready (“Building million scale distributed
 * systems”: cold connections are what hurt p99.9). Spring Boot marks readiness only after the application runners
 * finish, so until this returns the readiness probe answers 503 and no load balancer sends traffic. A client that
 * cannot be warmed (its store is down, or too slow to answer on a busy machine) is logged and left cold: warm
 * pools are a latency technique, and a service that refused to start for one store would take down every call that
 * does not need it.
 */
public final class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final List<Warmable> clients;

    public WarmUp(List<Warmable> clients) {
        this.clients = clients;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Warmable client : clients) {
            long started = System.nanoTime();
            try {
                client.warm();
                log.info("warm: {} in {} ms", client.name(), (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                log.warn("warm: {} left cold after {} ms: {}", client.name(), (System.nanoTime() - started) / 1_000_000, e.toString());
            }
        }
    }
}
