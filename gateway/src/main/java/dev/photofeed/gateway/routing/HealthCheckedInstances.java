package dev.photofeed.gateway.routing;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import java.util.List;

/**
 * Which instances an {@code lb://service} route picks from (round-robin): those of {@link UpstreamInstances}
 * that answered their readiness check ({@code spring.cloud.loadbalancer.health-check.*}), with Envoy's
 * <em>panic threshold</em>: when fewer than half of a service's instances pass, the checks are ignored and all
 * of them are used. A check times out after one interval, so on a saturated machine every instance can fail
 * it at once while each is still serving; without the threshold the route would then have no instance and
 * answer 503 to everyone (GatewayBench saw exactly that at 32 concurrent calls). A dead instance is still
 * skipped in panic: a GET that meets a refused connection is retried on the next instance (the Retry filter).
 */
class HealthCheckedInstances { // built in each service's load-balancer context (UpstreamInstances names it), never in the main one

    @Bean
    ServiceInstanceListSupplier instancesToPickFrom(ConfigurableApplicationContext context) {
        return ServiceInstanceListSupplier.builder()
                .withDiscoveryClient()
                // a plain WebClient: an instrumented one would claim the http.client.requests meter with its
                // own tags, and Prometheus would then drop the gateway's per-route upstream meters
                .withHealthChecks(WebClient.create())
                .with((ignored, healthChecked) -> new PanicThreshold((DelegatingServiceInstanceListSupplier) healthChecked))
                .build(context);
    }

    /** The health-checked instances, or all of them when fewer than half are healthy. */
    static final class PanicThreshold extends DelegatingServiceInstanceListSupplier {

        private final ServiceInstanceListSupplier all;

        PanicThreshold(DelegatingServiceInstanceListSupplier healthChecked) {
            super(healthChecked);
            this.all = healthChecked.getDelegate();
        }

        @Override
        public Flux<List<ServiceInstance>> get() {
            return Flux.combineLatest(delegate.get(), all.get(), PanicThreshold::choose);
        }

        static List<ServiceInstance> choose(List<ServiceInstance> healthy, List<ServiceInstance> all) {
            return healthy.size() * 2 < all.size() ? all : healthy;
        }
    }
}
