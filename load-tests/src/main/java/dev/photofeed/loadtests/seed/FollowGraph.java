package dev.photofeed.loadtests.seed;

import dev.photofeed.localstack.StackException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Who follows whom, as user indexes 0..users-1 (edge {@code from} follows {@code to}). Either generated, with
 * followees drawn from a Zipf law so a few accounts are celebrities and most have a handful of followers, or
 * read from an edge list in the SNAP / Network Repository format.
 */
public record FollowGraph(int users, List<Edge> edges) {

    public record Edge(int from, int to) {
    }

    /**
     * Each user follows {@code perUser} distinct others; user {@code r}'s chance of being picked falls as
     * 1/(r+1)^exponent (Zipf), so user 0 is the biggest celebrity. Seeded: the same arguments give the same graph.
     */
    public static FollowGraph zipf(int users, int perUser, double exponent, long seed) {
        if (users < 2) {
            throw new StackException("--users must be at least 2");
        }
        double[] cumulative = new double[users];
        double sum = 0;
        for (int r = 0; r < users; r++) {
            sum += 1 / Math.pow(r + 1, exponent);
            cumulative[r] = sum;
        }
        Random random = new Random(seed);
        int follows = Math.min(perUser, users - 1);
        List<Edge> edges = new ArrayList<>(users * follows);
        for (int from = 0; from < users; from++) {
            Set<Integer> picked = new LinkedHashSet<>();
            for (int tries = 0; picked.size() < follows && tries < follows * 20; tries++) {
                int to = draw(cumulative, random.nextDouble() * sum);
                if (to != from) {
                    picked.add(to);
                }
            }
            for (int to : picked) {
                edges.add(new Edge(from, to));
            }
        }
        return new FollowGraph(users, edges);
    }

    /** The first rank whose cumulative weight reaches {@code target}: inverse-CDF sampling by binary search. */
    static int draw(double[] cumulative, double target) {
        int i = Arrays.binarySearch(cumulative, target);
        return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
    }

    /**
     * One edge {@code u v} a line, whitespace-separated (further columns such as weights are ignored); lines
     * starting with {@code %} or {@code #} are comments. Node labels may be any token; users are numbered in
     * the order their labels first appear. {@code undirected} adds {@code v u} for each edge.
     */
    public static FollowGraph read(Path file, boolean undirected) {
        Map<String, Integer> index = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("%") || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                if (fields.length < 2) {
                    throw new StackException(file + ":" + number + ": expected an edge 'u v', found '" + trimmed + "'");
                }
                int u = index.computeIfAbsent(fields[0], k -> index.size());
                int v = index.computeIfAbsent(fields[1], k -> index.size());
                if (u != v) {
                    edges.add(new Edge(u, v));
                    if (undirected) {
                        edges.add(new Edge(v, u));
                    }
                }
            }
        } catch (IOException e) {
            throw new StackException("cannot read the graph " + file + ": " + e.getMessage());
        }
        if (index.size() < 2) {
            throw new StackException(file + " holds no edge");
        }
        return new FollowGraph(index.size(), List.copyOf(edges));
    }

    /** Followers per user, for the summary the seeder prints and the celebrity scenario's pick. */
    public int[] followerCounts() {
        int[] counts = new int[users];
        edges.forEach(e -> counts[e.to()]++);
        return counts;
    }
}
