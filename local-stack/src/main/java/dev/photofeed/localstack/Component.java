package dev.photofeed.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The system's parts, declared once: each one's name, kind, the variable that moves its port and the port's
 * default, how its readiness is probed, and for a service which stores and peers it is given.
 *
 * <p>The ports and their variables ({@link Ports}), the start order and each service's configuration
 * ({@link Supervisor}, {@link ServiceProperties}), {@code ./stack status} and the ready table ({@link Stack}),
 * and a test's free-port stack derive from this list; deploy-tests checks docker-compose.yml, k8s/ and each
 * service's {@code server.port} against it. A new component is one entry here plus the code that runs it.
 */
public enum Component {

    // the stores and the trace UI: started first, side by side
    POSTGRES("postgres-shard", Kind.STORE, Probe.TCP, "postgresql://postgres@localhost:%d",
            List.of(new Port("PHOTOFEED_POSTGRES_PORT", 15432))),
    REDIS("redis", Kind.STORE, Probe.REDIS_PING, "redis://localhost:%d",
            List.of(new Port("PHOTOFEED_REDIS_PORT", 16379))),
    KAFKA("kafka", Kind.STORE, Probe.TCP, "localhost:%d",
            List.of(new Port("PHOTOFEED_KAFKA_PORT", 19092), new Port("PHOTOFEED_KAFKA_CONTROLLER_PORT", 19093))),
    OBJECT_STORE("object-store", Kind.STORE, Probe.TCP, "http://127.0.0.1:%d (S3 API)",
            List.of(new Port("PHOTOFEED_OBJECT_STORE_PORT", 19000))),
    ZIPKIN("zipkin", Kind.TOOL, Probe.ZIPKIN_HEALTH, "http://localhost:%d/zipkin/",
            List.of(new Port("PHOTOFEED_ZIPKIN_PORT", 9411))),

    // the services, once the stores are ready
    // the one public service: its Actuator has a port of its own, which nothing publishes
    GATEWAY("gateway", Kind.SERVICE, Probe.READINESS, "http://localhost:%d/api",
            List.of(new Port("PHOTOFEED_GATEWAY_PORT", 8080), new Port("PHOTOFEED_GATEWAY_MANAGEMENT_PORT", 8090)),
            Optional.empty(), EnumSet.of(Given.REDIS, Given.PEERS)),
    USER_SERVICE("user-service", Kind.SERVICE, Probe.READINESS, "http://localhost:%d/actuator/health",
            List.of(new Port("PHOTOFEED_USER_SERVICE_PORT", 8081)),
            Optional.of("users"), EnumSet.of(Given.SHARDS, Given.REDIS, Given.KAFKA, Given.PEERS)),
    MEDIA_SERVICE("media-service", Kind.SERVICE, Probe.READINESS, "http://localhost:%d/actuator/health",
            List.of(new Port("PHOTOFEED_MEDIA_SERVICE_PORT", 8082)),
            Optional.of("media"), EnumSet.of(Given.SHARDS, Given.REDIS, Given.KAFKA, Given.OBJECT_STORE, Given.PEERS)),
    FEED_SERVICE("feed-service", Kind.SERVICE, Probe.READINESS, "http://localhost:%d/actuator/health",
            List.of(new Port("PHOTOFEED_FEED_SERVICE_PORT", 8083)),
            Optional.empty(), EnumSet.of(Given.REDIS, Given.KAFKA, Given.PEERS));

    public enum Kind { STORE, TOOL, SERVICE }

    /** What a service is given; {@link ServiceProperties#given} turns each into the properties the service binds. */
    public enum Given { SHARDS, REDIS, KAFKA, OBJECT_STORE, PEERS }

    /** A port, the variable that moves it and its default (docs/configuration.md lists them). */
    public record Port(String variable, int defaultPort) {
    }

    private final String name;
    private final Kind kind;
    private final Probe probe;
    private final String address;
    private final List<Port> ports;
    private final Optional<String> database;
    private final Set<Given> given;

    Component(String name, Kind kind, Probe probe, String address, List<Port> ports) {
        this(name, kind, probe, address, ports, Optional.empty(), EnumSet.noneOf(Given.class));
    }

    Component(String name, Kind kind, Probe probe, String address, List<Port> ports, Optional<String> database, Set<Given> given) {
        this.name = name;
        this.kind = kind;
        this.probe = probe;
        this.address = address;
        this.ports = ports;
        this.database = database;
        this.given = given;
    }

    /** The name in {@code ./stack status}, the logs and the process registry; a service's module and image. */
    public String id() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The port it serves on; Kafka's second is its controller's, the gateway's its Actuator's. Postgres's is the first shard's. */
    public Port port() {
        return ports.getFirst();
    }

    public List<Port> ports() {
        return ports;
    }

    /** Where a service's Actuator answers (probes, metrics): its second port when it has one, else the one. */
    public Port managementPort() {
        return kind == Kind.SERVICE ? ports.getLast() : ports.getFirst();
    }

    /** The database a service keeps on every Postgres shard. */
    public Optional<String> database() {
        return database;
    }

    public Set<Given> given() {
        return given;
    }

    /** How to reach it, for the ready table. */
    public String address(int port) {
        return address.formatted(port);
    }

    public boolean ready(int port) {
        return probe.ready(port);
    }

    public static List<Component> services() {
        return Arrays.stream(values()).filter(c -> c.kind == Kind.SERVICE).toList();
    }

    public static Optional<Component> service(String module) {
        return services().stream().filter(c -> c.name.equals(module)).findFirst();
    }

    /** Every database some service keeps on the shards. */
    public static List<String> databases() {
        return services().stream().flatMap(c -> c.database.stream()).toList();
    }

    enum Probe {
        /** The port accepts connections. */
        TCP,
        REDIS_PING,
        ZIPKIN_HEALTH,
        /** Actuator's readiness group answers UP. */
        READINESS;

        boolean ready(int port) {
            return switch (this) {
                case TCP -> accepts(port);
                case REDIS_PING -> RedisServer.ping(port);
                case ZIPKIN_HEALTH -> ZipkinServer.healthy(port);
                case READINESS -> ServiceProcess.ready(port);
            };
        }

        private static boolean accepts(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
