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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Fills a running stack: the accounts through user-service's bulk sign-up for seeding (hundreds per call), the
 * follow graph through its bulk follow (a user's list per call), then a few photos per account through the public
 * API. Safe to run twice: an existing account is logged into instead, a follow already made changes nothing, and
 * a user who has her photos already gets no more.
 */
public final class Seeder {

    /** Every seeded account's password; the credentials file carries it for the load tests. */
    static final String PASSWORD = "seeded-password-for-load-tests-only";
    /** Accounts per bulk sign-up call: the server hashes the password once per call, so big calls amortise it. */
    static final int ACCOUNTS_PER_CALL = 250;
    /** Bulk calls at a time: a few keep both of user-service's cores busy while one call waits on Postgres. */
    static final int ACCOUNT_CALLS = 4;
    /** Follows per bulk follow call (user-service takes up to 1,000). */
    static final int FOLLOWS_CALL = 500;

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
        AtomicInteger created = new AtomicInteger();
        int batches = (graph.users() + ACCOUNTS_PER_CALL - 1) / ACCOUNTS_PER_CALL;
        parallel(batches, Math.min(concurrency, ACCOUNT_CALLS), b -> {
            int from = b * ACCOUNTS_PER_CALL;
            int to = Math.min(from + ACCOUNTS_PER_CALL, graph.users());
            List<Api.Seeded> seeded = api.seedAccounts(PASSWORD, IntStream.range(from, to).mapToObj(i -> plan.prefix() + i).toList());
            for (int i = from; i < to; i++) {
                tokens[i] = seeded.get(i - from).token();
                created.addAndGet(seeded.get(i - from).created() ? 1 : 0);
            }
            users.step(to - from);
        });

        List<List<Integer>> followees = new ArrayList<>();
        for (int i = 0; i < graph.users(); i++) {
            followees.add(new ArrayList<>());
        }
        graph.edges().forEach(e -> followees.get(e.from()).add(e.to()));
        Progress follows = new Progress("follows", graph.edges().size(), out);
        // each user's whole list in one call: one transaction on the follower's shard, an event per edge
        parallel(graph.users(), concurrency, i -> {
            List<Integer> list = followees.get(i);
            for (int from = 0; from < list.size(); from += FOLLOWS_CALL) {
                List<Integer> batch = list.subList(from, Math.min(from + FOLLOWS_CALL, list.size()));
                api.seedFollows(tokens[i].userId(), batch.stream().map(to -> tokens[to].userId()).toList());
                follows.step(batch.size());
            }
        });

        // counted per photo, those found there on a rerun too
        Progress photos = new Progress("photos", (long) graph.users() * plan.photosPerUser(), out);
        AtomicLong posted = new AtomicLong();
        if (plan.photosPerUser() > 0) {
            parallel(graph.users(), concurrency, i -> {
                int have = api.photoCount(tokens[i].userId(), plan.photosPerUser());
                photos.step(have);
                for (long p = have; p < plan.photosPerUser(); p++) {
                    api.post(tokens[i], TinyImages.png(tokens[i].userId() + p), "seeded photo " + (p + 1));
                    posted.incrementAndGet();
                    photos.step();
                }
            });
        }

        List<Credentials.Account> accounts = new ArrayList<>();
        for (int i = 0; i < graph.users(); i++) {
            accounts.add(new Credentials.Account(plan.prefix() + i, tokens[i].userId(), PASSWORD, followers[i]));
        }
        out.printf("seeded in %.1f s: accounts at %.0f/s (%d created, %d existed), follows at %.0f/s, photos at %.0f/s (%d posted)%n",
                (System.nanoTime() - started) / 1e9, users.rate(), created.get(), graph.users() - created.get(),
                follows.rate(), photos.rate(), posted.get());
        return new Credentials(accounts);
    }

    /** Runs {@code task(0..n-1)} on virtual threads, at most {@code atOnce} at a time; the first failure stops it. */
    private void parallel(int n, int atOnce, IntConsumer task) {
        Semaphore permits = new Semaphore(atOnce);
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
