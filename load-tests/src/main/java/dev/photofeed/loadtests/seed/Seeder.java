package dev.photofeed.loadtests.seed;

import dev.photofeed.localstack.StackException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;

/**
 * Fills a running stack through its public API: the accounts, then the follow graph and a few photos per
 * account. Safe to run twice: a taken username is logged into instead, follows are idempotent PUTs, and a
 * user who has her photos already gets no more.
 */
public final class Seeder {

    /** Every seeded account's password; the credentials file carries it for the load tests. */
    static final String PASSWORD = "seeded-password-for-load-tests-only";

    private final Api api;
    private final int concurrency;
    private final PrintStream out;

    public Seeder(Api api, int concurrency, PrintStream out) {
        this.api = api;
        this.concurrency = concurrency;
        this.out = out;
    }

    public record Plan(FollowGraph graph, String prefix, int photosPerUser) {
    }

    public Credentials seed(Plan plan) {
        FollowGraph graph = plan.graph();
        int[] followers = graph.followerCounts();
        long started = System.nanoTime();
        out.printf("seeding %d users, %d follows, %d photos each, through %s%n", graph.users(), graph.edges().size(),
                plan.photosPerUser(), api.describe());

        // accounts first: a follow needs the followee's id
        Api.Token[] tokens = new Api.Token[graph.users()];
        Progress users = new Progress("users", graph.users(), out);
        parallel(graph.users(), i -> {
            String username = plan.prefix() + i;
            api.signUp(username, PASSWORD);
            tokens[i] = api.login(username, PASSWORD);
            users.step();
        });
        double usersPerSecond = users.rate();

        List<List<Integer>> followees = new ArrayList<>();
        for (int i = 0; i < graph.users(); i++) {
            followees.add(new ArrayList<>());
        }
        graph.edges().forEach(e -> followees.get(e.from()).add(e.to()));
        Progress follows = new Progress("follows", graph.users(), out);
        parallel(graph.users(), i -> {
            for (int to : followees.get(i)) {
                api.follow(tokens[i], tokens[to].userId());
            }
            follows.step();
        });

        Progress photos = new Progress("photos", graph.users(), out);
        parallel(graph.users(), i -> {
            int have = plan.photosPerUser() == 0 ? 0 : api.photoCount(tokens[i].userId(), plan.photosPerUser());
            for (long p = have; p < plan.photosPerUser(); p++) {
                api.post(tokens[i], TinyImages.png(tokens[i].userId() + p), "seeded photo " + (p + 1));
            }
            photos.step();
        });

        List<Credentials.Account> accounts = new ArrayList<>();
        for (int i = 0; i < graph.users(); i++) {
            accounts.add(new Credentials.Account(plan.prefix() + i, tokens[i].userId(), PASSWORD, followers[i]));
        }
        out.printf("seeded in %.1f s; accounts at %.0f/s (sign-up and log-in each hash a password with Argon2id)%n",
                (System.nanoTime() - started) / 1e9, usersPerSecond);
        return new Credentials(accounts);
    }

    /** Runs {@code task(0..n-1)} on virtual threads, at most {@code concurrency} at a time; the first failure stops it. */
    private void parallel(int n, IntConsumer task) {
        Semaphore permits = new Semaphore(concurrency);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                permits.acquireUninterruptibly();
                futures.add(pool.submit(() -> {
                    try {
                        task.accept(index);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            out.println();
            if (e.getCause() instanceof StackException s) {
                throw s;
            }
            throw new StackException("seeding failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("seeding interrupted");
        }
    }
}
