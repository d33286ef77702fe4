package dev.photofeed.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * The ports of the stack, one per {@link Component.Port} of the catalogue: its default, or the environment
 * variable that moves it; tests take free ports instead. Postgres shard {@code i} listens on the first shard's
 * port plus {@code i}.
 */
public final class Ports {

    private final Map<Component.Port, Integer> ports;
    private final List<Integer> postgres;

    private Ports(Map<Component.Port, Integer> ports, int shards) {
        this.ports = ports;
        int first = ports.get(Component.POSTGRES.port());
        this.postgres = IntStream.range(0, shards).mapToObj(i -> first + i).toList();
    }

    /** The defaults, overridden by their variables. */
    public static Ports fromEnvironment(Map<String, String> env, int shards) {
        Map<Component.Port, Integer> ports = new LinkedHashMap<>();
        for (Component.Port port : all()) {
            ports.put(port, port(env, port.variable(), port.defaultPort()));
        }
        return new Ports(ports, shards);
    }

    private static List<Component.Port> all() {
        return Arrays.stream(Component.values()).flatMap(c -> c.ports().stream()).toList();
    }

    /** The port a component serves on (for Postgres, the first shard's). */
    public int of(Component component) {
        return ports.get(component.port());
    }

    /** Where a service's Actuator answers: its own port unless it declares one for management. */
    public int management(Component service) {
        return ports.get(service.managementPort());
    }

    public int kafkaController() {
        return ports.get(Component.KAFKA.ports().get(1));
    }

    public List<Integer> postgres() {
        return postgres;
    }

    /** The variables that put a stack on these ports, as {@code ./stack} reads them. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        ports.forEach((port, value) -> env.put(port.variable(), String.valueOf(value)));
        return env;
    }

    /**
     * Test ports come from below Linux's ephemeral range (32768 and up). A port the OS picks for bind(0) is
     * ephemeral, so any outgoing connection on the machine may take it before the server it was picked for
     * binds it; that once left a test stack's Postgres shard unable to start.
     */
    private static final int TEST_PORTS_FROM = 20_000;
    private static final int TEST_PORTS_TO = 32_768;
    /** Never hand out a port twice in one JVM: a port picked but not yet bound still looks free. Guarded by {@link #claim}. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** Free ports for a test JVM's servers; the shards' are consecutive. */
    public static Ports free(int shards) {
        Map<Component.Port, Integer> ports = new LinkedHashMap<>();
        for (Component.Port port : all()) {
            ports.put(port, freeConsecutive(port.equals(Component.POSTGRES.port()) ? Math.max(shards, 1) : 1));
        }
        return new Ports(ports, shards);
    }

    /** The first of {@code count} consecutive ports that are free and not yet handed out in this JVM. */
    private static int freeConsecutive(int count) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(TEST_PORTS_FROM, TEST_PORTS_TO - count);
            List<Integer> run = IntStream.range(first, first + count).boxed().toList();
            if (run.stream().allMatch(Ports::isFree) && claim(run)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports between " + TEST_PORTS_FROM + " and " + TEST_PORTS_TO);
    }

    private static synchronized boolean claim(List<Integer> run) {
        if (run.stream().anyMatch(HANDED_OUT::contains)) {
            return false;
        }
        return HANDED_OUT.addAll(run);
    }

    /** One running part: each Postgres shard is one, every other component is one. Its probe is on {@code probePort}. */
    public record Instance(String name, Component component, int port, int probePort) {

        public boolean ready() {
            return component.ready(probePort);
        }
    }

    /** Every running part, in the catalogue's order. */
    public List<Instance> instances() {
        List<Instance> instances = new java.util.ArrayList<>();
        for (Component component : Component.values()) {
            if (component == Component.POSTGRES) {
                for (int i = 0; i < postgres.size(); i++) {
                    instances.add(new Instance(component.id() + "-" + i, component, postgres.get(i), postgres.get(i)));
                }
            } else {
                instances.add(new Instance(component.id(), component, of(component), management(component)));
            }
        }
        return instances;
    }

    /** Every port with the component that uses it and the variable that moves it. */
    public Map<Integer, String> owners() {
        Map<Integer, String> owners = new LinkedHashMap<>();
        for (Instance instance : instances()) {
            Component component = instance.component();
            String variable = component == Component.POSTGRES
                    ? component.port().variable() + " + " + (instance.port() - postgres.getFirst())
                    : component.port().variable();
            owners.put(instance.port(), instance.name() + " (" + variable + ")");
        }
        for (Component component : Component.values()) {
            for (Component.Port extra : component.ports().subList(1, component.ports().size())) {
                owners.put(ports.get(extra), component.id() + " (" + extra.variable() + ")");
            }
        }
        return owners;
    }

    /** The first port someone else already holds, with its owner's description. */
    public java.util.Optional<String> firstTaken() {
        if (owners().size() != ports.size() - 1 + postgres.size()) {
            return java.util.Optional.of("two components are set to the same port: " + owners());
        }
        return owners().entrySet().stream()
                .filter(e -> !isFree(e.getKey()))
                .map(e -> "port " + e.getKey() + " for " + e.getValue() + " is already in use")
                .findFirst();
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as servers bind: TIME_WAIT left by a stopped stack is no obstacle
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a port number (1-65535)");
        }
    }
}
