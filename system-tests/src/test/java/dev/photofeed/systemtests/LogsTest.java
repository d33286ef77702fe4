package dev.photofeed.systemtests;

import dev.photofeed.testsupport.PublicApi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logs under {@code ./stack}: every service writes its structured JSON log (what it prints on stdout in a
 * container) beside the text log people read, and a line logged inside a traced request carries its trace and
 * span ids in both (the agent puts them in the MDC).
 */
class LogsTest {

    private final RunningStack stack = RunningStack.get();

    @Test
    void jsonLogsCarryTraceAndSpanIdsAndTheTextLogsShowThem() throws IOException {
        for (String service : List.of("user-service", "media-service", "feed-service", "gateway")) {
            List<String> json = Files.readAllLines(stack.logs.resolve(service + ".json"));
            assertThat(json).as(service + ".json").isNotEmpty();
            for (String line : json) {
                JsonNode entry = PublicApi.JSON.readTree(line);
                assertThat(entry.has("@timestamp") && entry.has("level") && entry.has("message")).as(line).isTrue();
            }
        }
        // the MVC services initialise their DispatcherServlet inside the first request, a traced one
        List<JsonNode> traced = Files.readAllLines(stack.logs.resolve("user-service.json")).stream()
                .map(PublicApi.JSON::readTree).filter(e -> e.has("trace_id")).toList();
        assertThat(traced).as("user-service.json lines logged inside a trace").isNotEmpty();
        assertThat(traced).allSatisfy(e -> {
            assertThat(e.path("trace_id").asString()).matches("[0-9a-f]{32}");
            assertThat(e.path("span_id").asString()).matches("[0-9a-f]{16}");
        });
        String traceId = traced.getFirst().path("trace_id").asString();
        assertThat(Files.readString(stack.logs.resolve("user-service.log"))).contains("[" + traceId + ",");
    }
}
