package dev.photofeed.loadtests.seed;

import dev.photofeed.localstack.StackException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeded accounts, written by {@code ./stack seed} and read by the simulations: one line per user,
 * {@code username id password followers}, most-followed first.
 */
public record Credentials(List<Account> accounts) {

    public record Account(String username, long id, String password, int followers) {
    }

    public static final String HEADER = "# username id password followers (written by ./stack seed; most-followed first)";

    public void write(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        accounts.stream()
                .sorted(java.util.Comparator.comparingInt(Account::followers).reversed())
                .forEach(a -> lines.add(a.username() + " " + a.id() + " " + a.password() + " " + a.followers()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage());
        }
    }

    public static Credentials read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StackException(file + " is missing: run ./stack seed first");
        }
        List<Account> accounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                accounts.add(new Account(f[0], Long.parseLong(f[1]), f[2], Integer.parseInt(f[3])));
            }
        } catch (IOException | RuntimeException e) {
            throw new StackException("cannot read " + file + " (" + e.getMessage() + "): run ./stack seed again");
        }
        if (accounts.isEmpty()) {
            throw new StackException(file + " holds no account: run ./stack seed first");
        }
        return new Credentials(List.copyOf(accounts));
    }
}
