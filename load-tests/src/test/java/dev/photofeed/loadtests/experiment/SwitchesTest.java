package dev.photofeed.loadtests.experiment;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch catalogue ({@link Switch#ALL}) against every copy a user reads or runs: the switches table in
 * docs/configuration.md, Compose's .env and docker-compose.yml. A switch added to one and not the others fails here.
 */
class SwitchesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Read by the launcher alone (whether it puts the agent on a JVM); Compose's images always carry the agent. */
    private static final Set<String> LAUNCHER_ONLY = Set.of("PHOTOFEED_TRACING_ENABLED");

    @Test
    void everySwitchIsInTheTableTheEnvFileAndCompose() throws IOException {
        String table = Files.readString(ROOT.resolve("docs/configuration.md"));
        String env = Files.readString(ROOT.resolve(".env"));
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        for (String variable : catalogued()) {
            assertThat(table).as("docs/configuration.md names " + variable).contains(variable);
            if (!LAUNCHER_ONLY.contains(variable)) {
                assertThat(env).as(".env sets " + variable).containsPattern("(?m)^" + variable + "=true$");
                assertThat(compose).as("docker-compose.yml passes " + variable).contains(variable + ": ${" + variable + "}");
            }
        }
    }

    @Test
    void everySwitchInTheEnvFileIsCatalogued() throws IOException {
        Set<String> inEnv = Pattern.compile("(?m)^(PHOTOFEED_\\w+_ENABLED)=").matcher(Files.readString(ROOT.resolve(".env")))
                .results().map(m -> m.group(1)).collect(Collectors.toSet());
        assertThat(catalogued()).as("the switches .env sets, each with its experiment").containsAll(inEnv);
    }

    private static Set<String> catalogued() {
        return Switch.ALL.values().stream().flatMap(s -> s.off().keySet().stream()).collect(Collectors.toSet());
    }
}
