package dev.photofeed.loadtests.scenario;

import dev.photofeed.localstack.Component;
import dev.photofeed.loadtests.bench.BenchSettings;
import dev.photofeed.loadtests.bench.CpuWindow;
import dev.photofeed.loadtests.bench.Recorder;
import dev.photofeed.loadtests.bench.Summary;
import dev.photofeed.loadtests.bench.WarmUp;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.loadtests.seed.Credentials;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What every Photofeed simulation shares: the seeded accounts (a sample logs in and reads its feed once),
 * the open-model arrivals, a warm-up phase (not measured, ramped up to the same load: see {@link WarmUp}),
 * then the measured phase: every response recorded for the summary, the stack's CPU over exactly that window,
 * and seed-000-style thresholds on it that fail the run.
 */
public abstract class PhotofeedSimulation extends Simulation {

    protected final BenchSettings settings = BenchSettings.fromSystemProperties();
    protected final Recorder recorder = new Recorder();
    /** Log-ins straight to user-service (the edge allows a client 10 a minute); everything else through the gateway. */
    protected final Api api = new Api(java.net.URI.create("http://localhost:" + settings.layout().ports().of(Component.USER_SERVICE)),
            settings.gateway(), settings.gateway());
    protected final Credentials credentials = Credentials.read(settings.credentials());
    /** Logged-in sample of the seeded accounts: {@code auth} (the header value) and {@code userId}. */
    protected final List<Map<String, Object>> readers = logIn(sample(credentials.accounts(), settings.readers()));
    protected final HttpProtocolBuilder protocol = http.baseUrl(settings.gateway().toString())
            // one keep-alive pool for all virtual users, as a load balancer in front of the gateway would hold
            .shareConnections()
            .acceptHeader("application/json");
    private final String name;
    private Map<String, Double> idleCores = Map.of();
    private CpuWindow window;

    protected PhotofeedSimulation(String name) {
        this.name = name;
    }

    static final String WARM_UP = "warm-up";
    static final String MEASURED = "measured";

    /**
     * The warm-up population, then the measured one (and any {@code alongside} it): the same chain, in a group
     * named for its phase so that the thresholds judge only the measured requests.
     */
    protected PopulationBuilder warmedUp(ChainBuilder chain, OpenInjectionStep[] measuredArrivals, PopulationBuilder... alongside) {
        WarmUp arrivals = WarmUp.of(settings.rate(), settings.warmUp());
        PopulationBuilder warmUp = scenario(WARM_UP).exec(group(WARM_UP).on(chain)).injectOpen(
                rampUsersPerSec(arrivals.fromRate()).to(arrivals.toRate()).during(arrivals.ramp()),
                constantUsersPerSec(arrivals.toRate()).during(arrivals.hold()));
        PopulationBuilder measured = scenario(name).exec(this::openWindow).exec(group(MEASURED).on(chain)).injectOpen(measuredArrivals);
        List<PopulationBuilder> then = new ArrayList<>(List.of(measured));
        then.addAll(List.of(alongside));
        return warmUp.andThen(then);
    }

    /** The stack's idle CPU, after the log-ins and before any load: the floor the marginal CPU figures are above. */
    @Override
    public void before() {
        if (settings.idleFloor().isPresent()) {
            idleCores = settings.idleFloor().get();
            return;
        }
        if (!settings.idle().isZero()) {
            System.out.printf("measuring the stack's idle CPU for %.1f s%n", settings.idle().toMillis() / 1000.0);
        }
        idleCores = CpuWindow.idle(settings.layout().registry(), settings.idle());
    }

    /** The CPU window opens with the first measured arrival. */
    private synchronized Session openWindow(Session session) {
        if (window == null) {
            window = CpuWindow.open(settings.layout().registry());
        }
        return session;
    }

    @Override
    public void after() {
        if (window == null) {
            System.out.println("no measured request was sent");
            return;
        }
        Summary summary = recorder.summary(name, settings.rate(), window.close(), idleCores);
        summary.print(System.out);
        settings.json().ifPresent(file -> {
            summary.writeJson(file);
            System.out.println("     JSON written to " + file.toAbsolutePath());
        });
    }

    /** Constant arrivals at the configured rate for the configured time: an open model, so a slow server can't slow the load. */
    protected OpenInjectionStep[] arrivals() {
        return new OpenInjectionStep[]{constantUsersPerSec(settings.rate()).during(settings.duration())};
    }

    /** The request, with every response recorded (status and time); {@code ok} statuses pass Gatling's check. */
    protected ChainBuilder measured(HttpRequestActionBuilder request, Integer... ok) {
        return exec(request.check(
                        status().saveAs("status"),
                        responseTimeInMillis().saveAs("latencyMs"),
                        status().in(Arrays.asList(ok))))
                .exec(this::record);
    }

    private Session record(Session session) {
        if (!session.scenario().equals(WARM_UP)) {
            Integer status = session.contains("status") ? session.getInt("status") : null;
            long latencyMs = session.contains("latencyMs") ? session.getLong("latencyMs") : 0;
            recorder.response(status, latencyMs * 1000);
        }
        return session.remove("status").remove("latencyMs");
    }

    /**
     * Thresholds on the measured requests, as “Building million scale distributed systems” sets them: p90, p95, p99,
     * p99.9 in ms and the most failed requests allowed.
     */
    protected static Assertion[] thresholds(int p90, int p95, int p99, int p999, long maxFailures) {
        return new Assertion[]{
                details(MEASURED).responseTime().percentile(90.0).lt(p90),
                details(MEASURED).responseTime().percentile(95.0).lt(p95),
                details(MEASURED).responseTime().percentile(99.0).lt(p99),
                details(MEASURED).responseTime().percentile(99.9).lt(p999),
                details(MEASURED).failedRequests().count().lte(maxFailures)};
    }

    /** {@code n} accounts spread over the whole list (which is most-followed first), not just the celebrities. */
    static List<Credentials.Account> sample(List<Credentials.Account> accounts, int n) {
        if (n >= accounts.size()) {
            return accounts;
        }
        List<Credentials.Account> picked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            picked.add(accounts.get((int) ((long) i * accounts.size() / n)));
        }
        return picked;
    }

    /** Logs the accounts in and reads each one's feed once, so the window starts on warm timelines. */
    private List<Map<String, Object>> logIn(List<Credentials.Account> accounts) {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Map<String, Object>>> futures = new ArrayList<>();
            for (Credentials.Account account : accounts) {
                futures.add(pool.submit(() -> {
                    Api.Token token = api.login(account.username(), account.password());
                    api.feed(token, 20);
                    return Map.<String, Object>of("auth", token.header(), "userId", token.userId());
                }));
            }
            List<Map<String, Object>> logged = new ArrayList<>();
            for (Future<Map<String, Object>> f : futures) {
                logged.add(f.get());
            }
            return logged;
        } catch (Exception e) {
            throw new IllegalStateException("logging in the seeded accounts failed: " + e.getMessage(), e);
        }
    }
}
