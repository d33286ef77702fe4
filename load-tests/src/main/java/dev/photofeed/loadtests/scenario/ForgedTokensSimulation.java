package dev.photofeed.loadtests.scenario;

import dev.photofeed.localstack.Component;
import io.gatling.javaapi.core.Session;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * {@code forged-tokens}: one address sends feed reads with forged tokens at the configured rate: well-formed
 * ES256 tokens naming the signing key's real {@code kid}, each with a different subject, signed with random bytes.
 * Each one the gateway checks costs a signature verification and is a 401; past the address's {@code unverified}
 * policy the rest are 429 before any check. The summary's statuses show the split, and its CPU per request is
 * what a refused forged call costs the gateway (the figure; nothing is asserted on it).
 */
public class ForgedTokensSimulation extends PhotofeedSimulation {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong subjects = new AtomicLong(1_000_000);
    private final String header;

    public ForgedTokensSimulation() {
        super("forged-tokens");
        header = URL.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + signingKeyId() + "\"}").getBytes(StandardCharsets.UTF_8));
        setUp(warmedUp(exec(this::forge).exec(measured(http("GET /api/feed (forged token)").get("/api/feed?limit=20")
                        .header("Authorization", "#{auth}"), 401, 429)),
                arrivals()))
                .protocols(protocol)
                // refusals are the point: a 401 or a 429 passes, anything else fails
                .assertions(thresholds(50, 100, 250, 1000, 0));
    }

    private Session forge(Session session) {
        String claims = "{\"iss\":\"photofeed\",\"sub\":\"" + subjects.incrementAndGet() + "\",\"exp\":"
                + Instant.now().plusSeconds(600).getEpochSecond() + "}";
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        return session.set("auth", "Bearer " + header + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + URL.encodeToString(signature));
    }

    /** The kid of user-service's current signing key, from its key set. */
    private String signingKeyId() {
        URI jwks = URI.create("http://localhost:" + settings.layout().ports().of(Component.USER_SERVICE) + "/internal/jwks.json");
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(jwks).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new ObjectMapper().readTree(body).path("keys").path(0).path("kid").asText();
        } catch (Exception e) {
            throw new IllegalStateException("could not read the signing key's id from " + jwks + ": " + e.getMessage(), e);
        }
    }
}
