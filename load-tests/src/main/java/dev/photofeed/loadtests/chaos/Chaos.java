package dev.photofeed.loadtests.chaos;

import dev.photofeed.localstack.Component;
import dev.photofeed.loadtests.Args;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.localstack.ProcessControl;
import dev.photofeed.localstack.ServiceProcess;
import dev.photofeed.localstack.StackException;
import dev.photofeed.localstack.StackLayout;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ./stack chaos SCENARIO}: the chaos traffic runs through the gateway while the scenario's faults are
 * injected one after another, each followed by a wait for clean traffic; then the load stops, the consumers
 * catch up, and the {@link Invariants} are checked against what clients were told. For each fault it prints the
 * error rate while the fault lasted (by status), the errors outside its blast radius, and the time to recover:
 * from the fault's end to the last error before {@code --settle} seconds of clean traffic. Exit 0 when every
 * invariant holds, no error fell outside a radius and every fault recovered within a minute; 1 otherwise.
 */
public final class Chaos {

    private static final Duration RECOVERY_BUDGET = Duration.ofSeconds(60);
    private static final Duration CONVERGENCE = Duration.ofMinutes(3);
    private static final Duration TOKEN_REFRESH = Duration.ofMinutes(10); // tokens live 15 minutes
    private static final String PASSWORD = "chaos-actor-password";

    private final StackLayout layout;
    private final PrintStream out;
    private final ProcessControl control;
    private final URI gateway;

    Chaos(StackLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
        this.control = new ProcessControl(layout);
        this.gateway = URI.create("http://localhost:" + layout.ports().of(Component.GATEWAY));
    }

    public static int run(StackLayout layout, List<String> raw) {
        Args args = Args.parse(raw, Set.of("--rate", "--settle", "--hold", "--actors", "--baseline"), Set.of());
        if (args.positional().size() != 1 || !Scenarios.ALL.containsKey(args.positional().getFirst())) {
            throw new StackException("name one scenario: " + String.join(", ", Scenarios.ALL.keySet()));
        }
        List<Fault> faults = Scenarios.ALL.get(args.positional().getFirst());
        if (args.options().containsKey("--hold")) {
            Duration hold = Duration.ofSeconds(args.number("--hold", 60, 1, 600));
            faults = faults.stream().map(f -> f.held(hold)).toList();
        }
        Plan plan = new Plan(args.positional().getFirst(), faults, args.decimal("--rate", 20, 1, 500),
                Duration.ofSeconds(args.number("--settle", 60, 5, 600)), args.number("--actors", 100, 4, 5_000),
                Duration.ofSeconds(args.number("--baseline", 20, 5, 600)));
        Path report = layout.data().resolve("chaos").resolve(plan.scenario() + ".txt");
        try {
            Files.createDirectories(report.getParent());
            try (OutputStream file = Files.newOutputStream(report)) {
                PrintStream both = new PrintStream(new TeeOutputStream(System.out, file), true, StandardCharsets.UTF_8);
                boolean passed = new Chaos(layout, both).run(plan);
                both.println("report: " + report);
                both.flush();
                return passed ? 0 : 1;
            }
        } catch (IOException e) {
            throw new StackException("could not write " + report + ": " + e.getMessage());
        }
    }

    /** The report goes to the terminal and to {@code .data/chaos/SCENARIO.txt}. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }

    record Plan(String scenario, List<Fault> faults, double rate, Duration settle, int actors, Duration baseline) {
    }

    /** One fault as it happened: when it began and ended, and when the traffic was clean again (0 if never). */
    private record Window(Fault fault, long started, long ended, long recovered) {
    }

    boolean run(Plan plan) {
        if (layout.supervisor().find("supervisor").isEmpty()) {
            throw new StackException("the stack is not running: ./stack up --detach first");
        }
        out.printf("chaos %s: %d faults, %.0f calls/s by %d actors through %s, %d s of clean traffic after each%n",
                plan.scenario(), plan.faults().size(), plan.rate(), plan.actors(), gateway, plan.settle().toSeconds());
        Api accounts = Api.direct(layout.ports());
        String prefix = "chaos_" + Long.toString(System.currentTimeMillis(), 36) + "_";
        List<String> usernames = IntStream.range(0, plan.actors()).mapToObj(i -> prefix + i).toList();
        List<Api.Token> actors = accounts.seedAccounts(PASSWORD, usernames).stream().map(Api.Seeded::token).toList();
        long runStarted = System.currentTimeMillis();
        List<Window> windows = new ArrayList<>();
        Traffic traffic = new Traffic(gateway, actors, plan.rate(), runStarted);
        try (traffic) {
            Random random = new Random(runStarted);
            for (Api.Token actor : actors) {
                for (int i = 0; i < 5; i++) {
                    traffic.before(Op.FOLLOW, actor, actors.get(random.nextInt(actors.size())).userId());
                }
            }
            // A cold timeline is gathered from user-service's follow list, so a read of one fails while
            // user-service is down. Each actor reads its feed once first: the faults meet warm feeds, as in a
            // system that has been serving them.
            for (Api.Token actor : actors) {
                traffic.before(Op.READ_FEED, actor, 0);
            }
            traffic.start();
            out.printf("  baseline: %d s of traffic before the first fault%n", plan.baseline().toSeconds());
            sleep(plan.baseline());
            long tokensAt = System.nanoTime();
            for (Fault fault : plan.faults()) {
                if (System.nanoTime() - tokensAt > TOKEN_REFRESH.toNanos()) {
                    traffic.actors(accounts.seedAccounts(PASSWORD, usernames).stream().map(Api.Seeded::token).toList());
                    tokensAt = System.nanoTime();
                }
                windows.add(inject(fault, traffic, plan.settle()));
            }
        }
        List<Call> calls = traffic.calls();
        out.printf("  load stopped: %d calls; checking the invariants as the consumers catch up%n", calls.size());
        // the feeds are read as their owners: with tokens of now, as a run outlives the first ones
        List<Api.Token> current = accounts.seedAccounts(PASSWORD, usernames).stream().map(Api.Seeded::token).toList();
        Invariants.Result result = converge(current, calls, runStarted);

        boolean pass = report(windows, calls, actors, plan) & result.holds();
        out.println();
        result.checked().forEach((what, n) -> out.printf("  checked %-44s %d%n", what, n));
        if (result.holds()) {
            out.println("invariants: all hold");
        } else {
            out.println("invariants: " + result.violations().size() + " violated");
            result.violations().stream().limit(40).forEach(v -> out.println("  - " + v));
            if (result.violations().size() > 40) {
                out.println("  … and " + (result.violations().size() - 40) + " more");
            }
        }
        out.println(pass ? "chaos " + plan.scenario() + ": passed" : "chaos " + plan.scenario() + ": FAILED");
        return pass;
    }

    private Window inject(Fault fault, Traffic traffic, Duration settle) {
        out.printf("  fault %-22s %s%n", fault.name(), fault.describe());
        long started = System.currentTimeMillis();
        switch (fault.action()) {
            case KILL -> {
                control.kill(fault.component());
                awaitServing(fault.component());
            }
            case STOP, STOP_EMPTY -> {
                control.stop(fault.component());
                sleep(fault.hold());
                if (fault.action() == Fault.Action.STOP_EMPTY) {
                    control.startEmpty(fault.component());
                } else {
                    control.start(fault.component());
                }
            }
            case PAUSE -> {
                control.pause(fault.component());
                sleep(fault.hold());
                control.resume(fault.component());
            }
        }
        long ended = System.currentTimeMillis();
        out.printf("        ended after %.1f s; waiting for %d s of clean traffic%n", (ended - started) / 1e3, settle.toSeconds());
        long giveUp = ended + RECOVERY_BUDGET.plus(settle).toMillis();
        while (System.currentTimeMillis() < giveUp) {
            long lastError = lastErrorSince(traffic.calls(), ended);
            long cleanFrom = Math.max(ended, lastError);
            if (System.currentTimeMillis() - cleanFrom >= settle.toMillis()) {
                return new Window(fault, started, ended, cleanFrom);
            }
            sleep(Duration.ofSeconds(1));
        }
        return new Window(fault, started, ended, 0);
    }

    /** After a kill the fault lasts until the supervisor has the service serving again. */
    private void awaitServing(String service) {
        int port = port(service);
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (System.nanoTime() < deadline) {
            if (layout.registry().find(service).isPresent() && ServiceProcess.ready(port)) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new StackException(service + " did not serve again within 6 minutes of its kill");
    }

    /** Where a service's readiness is probed. */
    private int port(String service) {
        return Component.service(service).map(layout.ports()::management)
                .orElseThrow(() -> new StackException("only a service is killed by a scenario, not " + service));
    }

    private static long lastErrorSince(List<Call> calls, long since) {
        return calls.stream().filter(c -> !c.ok() && c.startMillis() >= since).mapToLong(Call::endMillis).max().orElse(0L);
    }

    private Invariants.Result converge(List<Api.Token> actors, List<Call> calls, long runStarted) {
        Invariants invariants = new Invariants(layout);
        long started = System.nanoTime();
        long deadline = started + CONVERGENCE.toNanos();
        Invariants.Result result;
        while (true) {
            try {
                result = invariants.check(actors, calls, runStarted);
            } catch (IllegalStateException e) {
                result = new Invariants.Result(List.of("could not check: " + e.getMessage()), Map.of());
            }
            if (result.holds() || System.nanoTime() > deadline) {
                break;
            }
            sleep(Duration.ofSeconds(10));
        }
        out.printf("  %s %.0f s after the load stopped%n", result.holds() ? "converged" : "still violated",
                (System.nanoTime() - started) / 1e9);
        return result;
    }

    /** The per-fault table; false if an error fell outside a fault's radius or a fault did not recover in time. */
    private boolean report(List<Window> windows, List<Call> calls, List<Api.Token> actors, Plan plan) {
        Map<Long, Integer> shardOf = Shards.ofUsers(layout, actors);
        boolean pass = true;
        out.println();
        out.printf("%-22s %8s %7s %-36s %9s %18s %10s%n", "fault", "lasted s", "calls", "errors (by status)", "outside", "users hit", "recovery");
        for (Window w : windows) {
            long until = w.recovered() > 0 ? w.recovered() : w.ended() + RECOVERY_BUDGET.toMillis();
            List<Call> during = calls.stream().filter(c -> c.startMillis() >= w.started() && c.startMillis() <= until).toList();
            List<Call> failed = during.stream().filter(c -> !c.ok()).toList();
            List<Call> outside = failed.stream().filter(c -> !inRadius(w.fault(), c, shardOf)).toList();
            Map<String, Long> byStatus = new TreeMap<>(failed.stream().collect(Collectors.groupingBy(Call::outcome, Collectors.counting())));
            long active = during.stream().map(Call::actor).distinct().count();
            long hit = failed.stream().map(Call::actor).distinct().count();
            boolean recovered = w.recovered() > 0 && w.recovered() - w.ended() <= RECOVERY_BUDGET.toMillis();
            pass &= outside.isEmpty() && recovered;
            String statuses = byStatus.isEmpty() ? "none" : byStatus.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue())
                    .collect(Collectors.joining(" "));
            out.printf("%-22s %8.1f %7d %-36s %9d %18s %10s%n", w.fault().name(), (w.ended() - w.started()) / 1e3, during.size(),
                    String.format("%.1f%% %s", 100.0 * failed.size() / Math.max(1, during.size()), statuses), outside.size(),
                    String.format("%d/%d%s", hit, active, expectedShare(w.fault(), shardOf)),
                    w.recovered() > 0 ? String.format("%.1f s", (w.recovered() - w.ended()) / 1e3) : "not in " + (RECOVERY_BUDGET.toSeconds() + plan.settle().toSeconds()) + " s");
            outside.stream().limit(5).forEach(c -> out.printf("    outside the radius: %s by %d → %s%n", c.op().label(), c.actor(), c.outcome()));
        }
        return pass;
    }

    /** For a shard fault, the share of actors who live on it: the users it should touch. */
    private static String expectedShare(Fault fault, Map<Long, Integer> shardOf) {
        if (fault.shard() < 0) {
            return "";
        }
        long on = shardOf.values().stream().filter(s -> s == fault.shard()).count();
        return String.format(" (%.0f%% on it)", 100.0 * on / Math.max(1, shardOf.size()));
    }

    private static boolean inRadius(Fault fault, Call call, Map<Long, Integer> shardOf) {
        if (!fault.radius().contains(call.op())) {
            return false;
        }
        if (fault.shard() < 0) {
            return true;
        }
        boolean actorOn = shardOf.getOrDefault(call.actor(), -1) == fault.shard();
        boolean targetOn = call.op() != Op.POST && shardOf.getOrDefault(call.target(), -1) == fault.shard();
        return actorOn || targetOn;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
