package dev.photofeed.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The launcher behind {@code ./stack}: {@code up [--detach] [--fresh]}, {@code down}, {@code status},
 * {@code profile <component> [seconds]}, and the load tools {@code seed}, {@code bench}, {@code experiment},
 * {@code capacity}, which it hands to load-tests.
 * A problem the user can fix is one line on stderr and a non-zero exit.
 */
public final class Stack {

    private static final Duration DETACHED_START = Duration.ofMinutes(6); // past the services' own 300 s limit
    private static final Duration STOP = Duration.ofSeconds(90);

    private final StackLayout layout;

    Stack(StackLayout layout) {
        this.layout = layout;
    }

    public static void main(String[] args) {
        // the launcher talks to the user; the servers' libraries log to the files under .data/logs
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int code;
        try {
            Path project = Path.of(System.getProperty("photofeed.home", ".")).toAbsolutePath().normalize();
            code = new Stack(StackLayout.fromEnvironment(project, System.getenv())).run(List.of(args));
        } catch (StackException e) {
            System.err.println("stack: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    int run(List<String> args) {
        String command = args.isEmpty() ? "help" : args.getFirst();
        List<String> options = args.subList(Math.min(1, args.size()), args.size());
        return switch (command) {
            case "up" -> up(options);
            case "supervise" -> supervise(options);
            case "down" -> down(options);
            case "status" -> status(options);
            case "profile" -> profile(options);
            case "kill", "stop", "start", "restart", "pause", "resume" -> control(command, options);
            case "dead-letters" -> new DeadLetters("localhost:" + layout.ports().of(Component.KAFKA), "", System.out).run(options);
            case "seed", "bench", "chaos", "experiment", "capacity" -> loadTests(args);
            case "help", "--help", "-h" -> help();
            default -> throw new StackException("unknown command '" + command + "': use up, down, status, profile, kill, stop, start, restart, pause, resume, dead-letters, seed, bench, chaos, experiment or capacity (./stack help)");
        };
    }

    private int help() {
        System.out.println("""
                usage: ./stack up [--detach] [--fresh]   start the whole system (Ctrl-C stops it)
                       ./stack down                      stop what 'up --detach' started
                       ./stack status                    each component, its pid, port, health and trace sampling
                       ./stack profile <service> [seconds]  record a JFR file of a running service (default 30 s)
                       ./stack kill|stop|start|restart|pause|resume COMPONENT
                                                         faults by hand: SIGKILL (the supervisor starts it again),
                                                         a clean stop held until start (start --empty: redis
                                                         with nothing in it), SIGSTOP and SIGCONT
                       ./stack dead-letters list|redrive  print the dead-letter topics' records, or send them back to their topics
                       ./stack seed [--users N] [--follows K] [--zipf S] [--photos P] | [--graph FILE [--undirected]]
                                                         fill the running stack: users, follows, photos
                       ./stack bench SCENARIO [--rate R] [--duration D] [--warmup W] [--idle S] [--json FILE]
                                                         one Gatling simulation (feed, mixed, follow-storm,
                                                         rate-limit, forged-tokens, celebrity): latency, errors, CPU-µs/request
                                                         (total and above the idle floor)
                       ./stack bench SCENARIO --find-max [--start R0] [--p99 MS] ...
                                                         the highest rate that holds its p99 with no errors
                       ./stack chaos SCENARIO [--rate R] [--settle S]
                                                         mixed load while faults are injected, then checks that no
                                                         accepted write was lost: kill-services, shard-down,
                                                         redis-down, redis-empty, kafka-down, pause-service, all
                       ./stack experiment SWITCH SCENARIO [--rate R] [--duration D]
                                                         the scenario with a technique on, then off (restarts)
                       ./stack capacity --rps N [--cpu-us U] ...  cores, pods and shards for a target rate
                options: --detach  return once everything is ready, leave it running
                         --fresh   wipe the data folder first
                traces: every service runs the OpenTelemetry agent; PHOTOFEED_TRACE_SAMPLING (0-1, default 0.1)
                        sets the share kept, PHOTOFEED_OTLP_ENDPOINT also sends them to an OTLP receiver""");
        return 0;
    }

    /**
     * The load tools (Gatling, the seeder) are load-tests' code; they run in a child JVM on its classpath, so
     * the launcher stays small and the measured stack never shares a JVM with the load generator.
     */
    private int loadTests(List<String> args) {
        Path target = layout.project().resolve("load-tests").resolve("target");
        if (!Files.isRegularFile(target.resolve("load-tests.jar"))) {
            throw new StackException(target.resolve("load-tests.jar") + " is missing: build with ./mvnw package -pl load-tests -am");
        }
        // the jar's manifest names its classpath (target/lib) and the JVM options Gatling needs
        List<String> command = new ArrayList<>(List.of(Java.executable(), "-Xmx1g", "-Dphotofeed.home=" + layout.project(),
                "-jar", target.resolve("load-tests.jar").toString()));
        command.addAll(args);
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new StackException("could not start the load tools: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private int up(List<String> options) {
        boolean detach = flag(options, "--detach");
        boolean fresh = flag(options, "--fresh");
        unknownOptions(options, "--detach", "--fresh");
        prepare(fresh);
        return detach ? startDetached() : runInForeground();
    }

    /** Refuses to start over a running stack or onto taken ports; clears what a crashed run left. */
    private void prepare(boolean fresh) {
        Optional<ProcessHandle> running = layout.supervisor().find(Supervisor.SUPERVISOR);
        if (running.isPresent()) {
            throw new StackException("the stack is already running (pid " + running.get().pid() + "): ./stack down first");
        }
        List<String> leftovers = layout.registry().reapAll();
        if (!leftovers.isEmpty()) {
            System.out.println("stopped what an earlier run left behind: " + leftovers);
        }
        layout.ports().firstTaken().ifPresent(problem -> {
            throw new StackException(problem + ": stop what holds it, or set that variable to a free port");
        });
        if (fresh) {
            deleteRecursively(layout.data());
        }
    }

    private int runInForeground() {
        long started = System.nanoTime();
        System.out.println("starting Photofeed (logs in " + layout.logs() + ")");
        Supervisor supervisor = new Supervisor(layout, System.out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping Photofeed…");
            supervisor.stop();
            System.out.println("stopped");
        }));
        try {
            supervisor.start();
        } catch (RuntimeException e) {
            System.err.println("stack: " + e.getMessage());
            return 1;
        }
        printReady(started);
        System.out.println("Ctrl-C stops everything.");
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The supervisor of a detached stack: the same start, then it lives until ./stack down. */
    private int supervise(List<String> options) {
        ignoreHangup();
        Supervisor supervisor = new Supervisor(layout, System.out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop));
        try {
            supervisor.start();
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            return 1;
        }
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int startDetached() {
        long started = System.nanoTime();
        System.out.println("starting Photofeed in the background (logs in " + layout.logs() + ")");
        Process supervisor;
        try {
            Files.createDirectories(layout.logs());
            Files.deleteIfExists(layout.stateFile());
            List<String> command = Java.command(Java.controlJvm("-Xmx128m", "-Dphotofeed.home=" + layout.project()), Stack.class, "supervise");
            supervisor = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log("stack").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new StackException("could not start the supervisor: " + e.getMessage());
        }
        long deadline = System.nanoTime() + DETACHED_START.toNanos();
        while (System.nanoTime() < deadline) {
            String state = state();
            if (state.startsWith("READY")) {
                printReady(started);
                System.out.println("./stack down stops it.");
                return 0;
            }
            if (state.startsWith("FAILED")) {
                String[] lines = state.split("\n", 2);
                System.err.println("stack: " + lines[0].substring("FAILED ".length()) + " did not start");
                System.err.println(lines.length > 1 ? lines[1] : "");
                supervisor.onExit().join();
                return 1;
            }
            if (!supervisor.isAlive()) {
                System.err.println("stack: the supervisor exited (code " + supervisor.exitValue() + "); the end of "
                        + layout.log("stack") + ":\n" + Logs.tail(layout.log("stack"), 20));
                layout.registry().reapAll();
                return 1;
            }
            sleep(200);
        }
        System.err.println("stack: not ready after " + DETACHED_START.toSeconds() + " s; stopping. See " + layout.logs());
        stopSupervisor(supervisor.toHandle());
        return 1;
    }

    private int down(List<String> options) {
        unknownOptions(options);
        Optional<ProcessHandle> supervisor = layout.supervisor().find(Supervisor.SUPERVISOR);
        supervisor.ifPresent(this::stopSupervisor);
        List<String> leftovers = layout.registry().reapAll();
        layout.supervisor().forget(Supervisor.SUPERVISOR);
        if (supervisor.isEmpty() && leftovers.isEmpty()) {
            System.out.println("the stack is not running");
        } else {
            System.out.println("stopped");
        }
        return 0;
    }

    private void stopSupervisor(ProcessHandle supervisor) {
        System.out.println("stopping (pid " + supervisor.pid() + ")…");
        supervisor.destroy();
        try {
            supervisor.onExit().get(STOP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception timedOut) {
            supervisor.destroyForcibly();
        }
    }

    private int status(List<String> options) {
        unknownOptions(options);
        Optional<ProcessHandle> supervisor = layout.supervisor().find(Supervisor.SUPERVISOR);
        ProcessRegistry registry = layout.registry();
        if (supervisor.isEmpty() && registry.components().isEmpty()) {
            System.out.println("the stack is not running (./stack up starts it)");
            return 3;
        }
        Ports ports = layout.ports();
        List<String[]> rows = new ArrayList<>();
        ProcessControl control = new ProcessControl(layout);
        java.util.Map<String, Integer> restarts = control.restarts();
        rows.add(new String[]{"component", "pid", "port", "traced", "restarts", "health"});
        boolean allUp = true;
        for (Ports.Instance c : ports.instances()) {
            Optional<ProcessHandle> process = registry.find(c.name());
            String health = process.isEmpty()
                    ? control.held(c.name()) ? "stopped (./stack start " + c.name() + ")" : "not running"
                    : ProcessControl.paused(process.get()) ? "paused (./stack resume " + c.name() + ")"
                    : c.ready() ? "up" : "starting or failing";
            allUp &= health.equals("up");
            String traced = process.flatMap(Tracing::samplingOf).orElse("-");
            rows.add(new String[]{c.name(), process.map(p -> String.valueOf(p.pid())).orElse("-"), String.valueOf(c.port()), traced,
                    String.valueOf(restarts.getOrDefault(c.name(), 0)), health});
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10) + 2;
        for (String[] r : rows) {
            System.out.printf("%-" + width + "s%-9s%-7s%-8s%-10s%s%n", r[0], r[1], r[2], r[3], r[4], r[5]);
        }
        System.out.println("traces: " + ZipkinServer.ui(ports.of(Component.ZIPKIN)) + " (traced: the share of requests sampled)");
        System.out.println("state: " + state().lines().findFirst().orElse("unknown") + "; logs in " + layout.logs());
        return allUp ? 0 : 1;
    }

    private int profile(List<String> options) {
        if (options.isEmpty() || options.size() > 2) {
            throw new StackException("usage: ./stack profile <component> [seconds], for example ./stack profile gateway 30");
        }
        String component = options.getFirst();
        Duration duration = Profiler.duration(options.size() == 2 ? options.get(1) : "30");
        ProcessHandle process = layout.registry().find(component).orElseThrow(() -> new StackException(
                component + " is not running: ./stack status lists the running components"));
        Path file = new Profiler(layout.profiles()).record(component, process, duration, System.out::println);
        System.out.println("wrote " + file + " (open it in JDK Mission Control, or: jfr print --events jdk.ExecutionSample " + file + ")");
        return 0;
    }

    private int control(String action, List<String> options) {
        boolean empty = flag(options, "--empty");
        List<String> names = options.stream().filter(o -> !o.equals("--empty")).toList();
        if (names.size() != 1 || (empty && !action.equals("start"))) {
            throw new StackException("usage: ./stack " + action + " COMPONENT" + (action.equals("start") ? " [--empty]" : "")
                    + ", where COMPONENT is one that ./stack status lists");
        }
        String component = names.getFirst();
        if (layout.ports().instances().stream().noneMatch(c -> c.name().equals(component))) {
            throw new StackException("unknown component '" + component + "': ./stack status lists them");
        }
        ProcessControl control = new ProcessControl(layout);
        System.out.println(switch (action) {
            case "kill" -> control.kill(component);
            case "stop" -> control.stop(component);
            case "start" -> empty ? control.startEmpty(component) : control.start(component);
            case "restart" -> control.restart(component);
            case "pause" -> control.pause(component);
            default -> control.resume(component);
        });
        return 0;
    }

    /** The services first (the gateway is the API), then the stores and tools. */
    private void printReady(long startedNanos) {
        Ports ports = layout.ports();
        System.out.printf("%nPhotofeed is ready (%.1f s)%n", (System.nanoTime() - startedNanos) / 1e9);
        List<Ports.Instance> instances = ports.instances();
        java.util.stream.Stream.concat(
                instances.stream().filter(i -> i.component().kind() == Component.Kind.SERVICE),
                instances.stream().filter(i -> i.component().kind() != Component.Kind.SERVICE)).forEach(i -> {
                    String address = i.component().address(i.port()) + switch (i.component()) {
                        case POSTGRES -> "/" + String.join(", /", Component.databases());
                        case ZIPKIN -> " (traces; " + layout.tracing().describe() + ")";
                        default -> "";
                    };
                    System.out.printf("  %-16s %s%n", i.name(), address);
                });
        System.out.printf("  %-16s %s%n", "metrics", "http://localhost:" + ports.management(Component.GATEWAY)
                + "/actuator/prometheus (the gateway's Actuator port; each other service's on its own)");
        System.out.printf("  %-16s %s%n", "logs", layout.logs());
    }

    private String state() {
        try {
            return Files.readString(layout.stateFile());
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean flag(List<String> options, String flag) {
        return options.contains(flag);
    }

    private static void unknownOptions(List<String> options, String... known) {
        for (String option : options) {
            if (!List.of(known).contains(option)) {
                throw new StackException("unknown option '" + option + "'" + (known.length == 0 ? "" : ": use " + String.join(" or ", known)));
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new StackException("could not wipe " + dir + ": " + e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("sunapi")
    private static void ignoreHangup() {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sun.misc.SignalHandler.SIG_IGN);
    }
}
