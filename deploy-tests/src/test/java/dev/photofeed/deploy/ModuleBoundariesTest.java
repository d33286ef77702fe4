package dev.photofeed.deploy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rooms of the system, checked on the compiled main code of every module: {@code common} knows no service
 * and no tool; a service reaches into no other service (they talk over HTTP and Kafka) nor into the launcher.
 */
class ModuleBoundariesTest {

    /** Each service module and its root package. */
    private static final Map<String, String> SERVICES = Map.of(
            "user-service", "dev.photofeed.user",
            "media-service", "dev.photofeed.media",
            "feed-service", "dev.photofeed.feed",
            "gateway", "dev.photofeed.gateway");
    private static final String[] TOOLS = {"dev.photofeed.localstack..", "dev.photofeed.testsupport..", "dev.photofeed.loadtests.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        List<Path> folders = Stream.concat(SERVICES.keySet().stream(), Stream.of("common"))
                .map(module -> Repository.path(module).resolve("target/classes"))
                .toList();
        folders.forEach(folder -> assertThat(folder).as("compiled before this test").isDirectory());
        classes = new ClassFileImporter().importPaths(folders);
    }

    @Test
    void commonNamesNoServiceAndNoTool() {
        String[] forbidden = Stream.concat(
                SERVICES.values().stream().map(root -> root + ".."), Arrays.stream(TOOLS)).toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.photofeed.common..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .check(classes);
    }

    @Test
    void aServiceReachesIntoNoOtherServiceNorTheLauncher() {
        SERVICES.forEach((module, root) -> {
            String[] others = SERVICES.values().stream().filter(other -> !other.equals(root)).map(other -> other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(root + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .orShould().dependOnClassesThat().resideInAnyPackage(TOOLS)
                    .as(module + " depends only on common and libraries")
                    .check(classes);
        });
    }

    @Test
    void everyServiceModuleIsChecked() {
        List<String> withMainCode = Repository.MODULES.stream()
                .filter(module -> Files.isDirectory(Repository.path(module).resolve("src/main/java/dev/photofeed")))
                .filter(module -> !List.of("common", "local-stack", "test-support", "load-tests").contains(module))
                .toList();
        assertThat(SERVICES.keySet()).as("a new service joins these rules").containsExactlyInAnyOrderElementsOf(withMainCode);
    }
}
