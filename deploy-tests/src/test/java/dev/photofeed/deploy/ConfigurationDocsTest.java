package dev.photofeed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photofeed.localstack.ServiceProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's tables of settings are a copy of what the apps bind, so the build reads them against the
 * apps: each row's property is bound by some app, its variable is that property's under relaxed binding, and a
 * default written as a value is the one an app binding it runs with.
 */
class ConfigurationDocsTest {

    /** A row whose second cell opens with a property and its variable: {@code | what | `p.q` (`P_Q`...) | default |}. */
    private static final Pattern SETTING = Pattern.compile(
            "^\\|[^|]*\\|\\s*`((?:photofeed|resilience4j)\\.[a-z0-9.\\-]+)`\\s*\\(`([A-Z0-9_]+)`[^|]*\\|\\s*([^|]*)\\|");
    /** A default cell that opens with a value in backticks. */
    private static final Pattern VALUE = Pattern.compile("^`([^`]+)`");

    record Row(String property, String variable, Optional<String> documentedDefault) {
    }

    static List<Row> rows(String markdown) {
        List<Row> rows = new ArrayList<>();
        for (String line : markdown.lines().toList()) {
            Matcher setting = SETTING.matcher(line);
            if (setting.find()) {
                Matcher value = VALUE.matcher(setting.group(3).trim());
                rows.add(new Row(setting.group(1), setting.group(2), value.find() ? Optional.of(value.group(1)) : Optional.empty()));
            }
        }
        return rows;
    }

    @Test
    void everyDocumentedSettingIsBoundUnderItsVariableWithItsDefault() {
        List<Row> rows = rows(Repository.read(Repository.path("docs/configuration.md")));
        assertThat(rows).as("settings rows in docs/configuration.md").hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            String variable = ServiceProperties.environmentVariable(row.property());
            if (!variable.equals(row.variable())) {
                problems.add(row.property() + " is set by " + variable + ", the docs say " + row.variable());
            }
            List<AppConfiguration> binding = Repository.APPS.stream().map(AppConfiguration::of)
                    .filter(app -> app.binds(variable)).toList();
            if (binding.isEmpty()) {
                problems.add(row.property() + " is bound by no app");
            }
            row.documentedDefault().ifPresent(documented -> {
                List<String> defaults = binding.stream().flatMap(app -> app.defaultValue(row.property()).stream()).distinct().toList();
                if (!defaults.isEmpty() && !defaults.contains(documented)) {
                    problems.add(row.property() + " defaults to " + defaults + ", the docs say " + documented);
                }
            });
        }
        assertThat(problems).as("docs/configuration.md against the apps").isEmpty();
    }

    @Test
    void aRowIsReadWithItsPropertyVariableAndDefault() {
        List<Row> rows = rows("""
                | limit | property (environment variable) | default |
                |---|---|---|
                | a Redis command | `photofeed.redis.command-timeout` (`PHOTOFEED_REDIS_COMMANDTIMEOUT`) | `1s` |
                | decodes | `photofeed.upload.decode-memory` (`PHOTOFEED_UPLOAD_DECODEMEMORY`) | a third of the heap |
                | gateway | 8080 | `PHOTOFEED_GATEWAY_PORT` |
                """);
        assertThat(rows).containsExactly(
                new Row("photofeed.redis.command-timeout", "PHOTOFEED_REDIS_COMMANDTIMEOUT", Optional.of("1s")),
                new Row("photofeed.upload.decode-memory", "PHOTOFEED_UPLOAD_DECODEMEMORY", Optional.empty()));
    }
}
