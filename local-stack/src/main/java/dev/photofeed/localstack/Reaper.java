package dev.photofeed.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * The watchdog that makes "no orphan processes" hold even when the launcher is killed with SIGKILL,
 * where no shutdown hook runs: a small separate process that waits for its owner to die and then
 * stops every process in the owner's {@link ProcessRegistry}. It ignores Ctrl-C and hang-ups so that
 * it outlives the terminal that started the owner.
 *
 * <p>Usage: {@code Reaper <owner-pid> <registry-dir>}
 */
public final class Reaper {

    private Reaper() {
    }

    public static void main(String[] args) throws Exception {
        long ownerPid = Long.parseLong(args[0]);
        ProcessRegistry registry = new ProcessRegistry(Path.of(args[1]));
        ignore("INT");
        ignore("HUP");
        ProcessHandle.of(ownerPid).ifPresent(owner -> owner.onExit().join());
        List<String> reaped = registry.reapAll();
        if (!reaped.isEmpty()) {
            System.out.println("owner " + ownerPid + " is gone; stopped what it left running: " + reaped);
        }
    }

    /** Starts a reaper for the current JVM. */
    public static Process watch(ProcessRegistry registry, Path log) {
        ProcessHandle self = ProcessHandle.current();
        try {
            return new ProcessBuilder(Java.command(Java.controlJvm("-Xmx32m"),
                            Reaper.class, String.valueOf(self.pid()), registry.dir().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("sunapi")
    private static void ignore(String signal) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException unsupported) {
            // not a signal on this platform
        }
    }
}
