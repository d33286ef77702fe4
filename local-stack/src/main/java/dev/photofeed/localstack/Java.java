package dev.photofeed.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds command lines that run a main class on this JVM's own java and classpath. */
final class Java {

    /** For JVMs that only start, watch and stop others (the supervisor, the reaper; {@code ./stack} too): no C2. */
    static List<String> controlJvm(String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        all.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        return all;
    }

    private Java() {
    }

    static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> command(List<String> jvmOptions, Class<?> mainClass, String... args) {
        return command(jvmOptions, mainClass.getName(), args);
    }

    static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }
}
