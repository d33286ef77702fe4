package dev.photofeed.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The gateway's service registry: the instances of each service, as configured. {@code lb://feed-service} routes
 * are spread round-robin over them by Spring Cloud LoadBalancer, which also health-checks each instance and
 * leaves out one that stopped answering ({@link HealthCheckedInstances}). Locally that is {@code ./stack}'s one instance per service (or a list:
 * PHOTOFEED_UPSTREAM_FEEDSERVICE=http://a:8083,http://b:8083); in Compose the replicas' names; in Kubernetes
 * the one Service name, behind which kube-proxy spreads the connections.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamInstances.Upstreams.class)
@LoadBalancerClients(defaultConfiguration = HealthCheckedInstances.class)
class UpstreamInstances implements ReactiveDiscoveryClient {

    /** {@code photofeed.upstream.*}: each service's instance URLs, comma-separated. */
    @ConfigurationProperties("photofeed.upstream")
    record Upstreams(List<URI> userService, List<URI> mediaService, List<URI> feedService) {

        Map<String, List<URI>> byServiceId() {
            return Map.of("user-service", userService, "media-service", mediaService, "feed-service", feedService);
        }
    }

    private final Map<String, List<ServiceInstance>> instances;

    UpstreamInstances(Upstreams upstreams) {
        this.instances = upstreams.byServiceId().entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> instancesOf(e.getKey(), e.getValue())));
    }

    private static List<ServiceInstance> instancesOf(String serviceId, List<URI> urls) {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalStateException("photofeed.upstream." + serviceId + " names no instance");
        }
        return urls.stream().<ServiceInstance>map(url -> new DefaultServiceInstance(
                serviceId + "@" + url.getAuthority(), serviceId, url.getHost(), url.getPort(), "https".equals(url.getScheme())))
                .toList();
    }

    @Override
    public String description() {
        return "the configured instances of each service (photofeed.upstream.*)";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.fromIterable(instances.getOrDefault(serviceId, List.of()));
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(instances.keySet());
    }
}
