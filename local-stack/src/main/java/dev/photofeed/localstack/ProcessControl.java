package dev.photofeed.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Faults on demand, for {@code ./stack kill|stop|start|restart|pause|resume COMPONENT} and the chaos runs:
 * <ul>
 *   <li>{@code kill}: SIGKILL to the component's processes, a crash with no clean-up; the supervisor starts it
 *       again, as a container platform would;</li>
 *   <li>{@code stop} / {@code start} / {@code restart}: a clean stop that stays down until started (the
 *       supervisor does these, as it owns the servers);</li>
 *   <li>{@code pause} / {@code resume}: SIGSTOP and SIGCONT, the gray failure of a process that is alive,
 *       holds its connections open and answers nothing.</li>
 * </ul>
 */
public final class ProcessControl {

    private static final Duration START = Duration.ofMinutes(6); // past a service's own 300 s start limit

    private final StackLayout layout;
    private final ProcessRegistry registry;

    public ProcessControl(StackLayout layout) {
        this.layout = layout;
        this.registry = layout.registry();
    }

    public String kill(String component) {
        ProcessHandle process = running(component);
        List<ProcessHandle> tree = tree(process);
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(p -> p.onExit().join());
        return "killed " + component + " (pid " + process.pid() + ")"
                + (layout.restartOnExit() ? "; the supervisor starts it again" : "; restarts are off (PHOTOFEED_RESTART_ON_EXIT)");
    }

    public String pause(String component) {
        ProcessHandle process = running(component);
        signal("STOP", tree(process));
        return "paused " + component + " (pid " + process.pid() + "); ./stack resume " + component + " wakes it";
    }

    public String resume(String component) {
        ProcessHandle process = running(component);
        signal("CONT", tree(process));
        return "resumed " + component;
    }

    public String stop(String component) {
        return supervisor("stop", component);
    }

    public String start(String component) {
        return supervisor("start", component);
    }

    /** Starts a stopped cache with nothing in it, as after losing its node. */
    public String startEmpty(String component) {
        return supervisor("start-empty", component);
    }

    public String restart(String component) {
        return supervisor("restart", component);
    }

    /** Stopped on request and held down: the supervisor does not start it again by itself. */
    public boolean held(String component) {
        return Files.exists(layout.control().resolve("held").resolve(component));
    }

    public Map<String, Integer> restarts() {
        return Restarts.read(layout);
    }

    /** Whether every process of the component is stopped by a signal (SIGSTOP): state T in /proc. */
    public static boolean paused(ProcessHandle process) {
        try {
            String stat = Files.readString(java.nio.file.Path.of("/proc", String.valueOf(process.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }

    private String supervisor(String action, String component) {
        if (layout.supervisor().find(Supervisor.SUPERVISOR).isEmpty()) {
            throw new StackException("the stack is not running (./stack up starts it)");
        }
        return new ControlRequests(layout.control().resolve("requests")).send(action, component, START);
    }

    private ProcessHandle running(String component) {
        return registry.find(component).orElseThrow(() -> new StackException(component
                + " is not running: ./stack status lists the running components"));
    }

    /** The process and its descendants (a Postgres shard is a postmaster and its backends). */
    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.addFirst(root);
        return all;
    }

    private static void signal(String signal, List<ProcessHandle> processes) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(String.valueOf(p.pid())));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) {
                throw new StackException("kill -" + signal + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new StackException("could not send SIG" + signal + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while sending SIG" + signal);
        }
    }
}
