package dev.photofeed.loadtests;

import dev.photofeed.localstack.StackException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, {@code --flag} switches and positional words, checked against what a command knows. */
public record Args(List<String> positional, Map<String, String> options) {

    public static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (flags.contains(a)) {
                options.put(a, "true");
            } else if (valued.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new StackException(a + " needs a value");
                }
                options.put(a, args.get(++i));
            } else if (a.startsWith("--")) {
                List<String> known = new ArrayList<>(valued);
                known.addAll(flags);
                known.sort(null);
                throw new StackException("unknown option '" + a + "'" + (known.isEmpty() ? "" : ": use " + String.join(", ", known)));
            } else {
                positional.add(a);
            }
        }
        return new Args(positional, options);
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public String text(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public int number(String name, int fallback, int min, int max) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new StackException(name + " " + value + ": must be a whole number from " + min + " to " + max);
    }

    public double decimal(String name, double fallback, double min, double max) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new StackException(name + " " + value + ": must be a number from " + min + " to " + max);
    }
}
