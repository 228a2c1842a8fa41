package io.sensorstream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigException;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.SelfSignedCertificates;
import io.sensorstream.app.web.WebServer;
import io.sensorstream.app.web.security.PasswordHash;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP port locked: HTTPS with a keystore (a self-signed certificate made by the JDK's keytool), a bearer token and
 * basic-auth users from a file of PBKDF2 hashes. Every path but {@code /health/*} refuses requests without valid
 * credentials (401 with a challenge), plain HTTP gets no answer, and a wrong keystore password fails at start in one
 * line.
 */
class HttpSecurityIT {

    @TempDir
    Path dir;

    @Test
    void everyPathButHealthNeedsCredentialsOverHttps() throws Exception {
        SelfSignedCertificates certs = SelfSignedCertificates.create(dir.resolve("tls"), "changeit");
        Path users = dir.resolve("users");
        Files.writeString(users, "# dashboard users\nalice:" + PasswordHash.hash("wonderland".toCharArray(), 20_000) + "\n");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 2, Map.of())
                .start(Duration.ofSeconds(90))) {
            int port = Ports.free();
            SensorstreamConfig cfg = new ConfigLoader(Map.of("HTTP_TOKEN", "scrape-me")).read(null, Map.of(
                    "application-id", "http-security",
                    "bootstrap-servers", broker.bootstrapServers(),
                    "processing.state-dir", dir.resolve("state").toString(),
                    "http.port", Integer.toString(port),
                    "http.tls.keystore", certs.keystore().toString(),
                    "http.tls.keystore-password", "${file:" + certs.passwordFile() + "}",
                    "http.auth.token", "${HTTP_TOKEN}",
                    "http.auth.users-file", users.toString(),
                    "ingest.http.enabled", "true"));
            try (Lifecycle lifecycle = new Lifecycle()) {
                PipelineServices.start(lifecycle, cfg);
                HttpClient https = HttpClient.newBuilder().sslContext(certs.clientContext()).build();
                String base = "https://localhost:" + port;

                assertThat(get(https, base + "/health/live", null).statusCode()).isEqualTo(200);
                for (String path : new String[] {"/", "/metrics", "/api/state", "/api/sensor/x", "/api/sensors", "/api/overview",
                        "/api/alerts", "/api/dead-letters", "/api/pipeline"}) {
                    HttpResponse<String> none = get(https, base + path, null);
                    assertThat(none.statusCode()).as(path + " without credentials").isEqualTo(401);
                    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
                    assertThat(get(https, base + path, "Bearer nope").statusCode()).as(path + " wrong token").isEqualTo(401);
                    assertThat(get(https, base + path, basic("alice", "queen of hearts")).statusCode()).as(path + " wrong password").isEqualTo(401);
                    assertThat(get(https, base + path, basic("bob", "wonderland")).statusCode()).as(path + " unknown user").isEqualTo(401);
                }
                assertThat(get(https, base + "/metrics", "Bearer scrape-me").body()).contains("sensorstream_http_unauthorized_total");
                assertThat(get(https, base + "/", basic("alice", "wonderland")).statusCode()).isEqualTo(200);
                assertThat(get(https, base + "/api/state", basic("alice", "wonderland")).statusCode()).as("remembered pair").isEqualTo(200);

                String reading = "{\"sensor_id\":\"a\",\"temperature\":20,\"timestamp\":1700000000000}";
                assertThat(post(https, base + "/ingest", null, reading).statusCode()).isEqualTo(401);
                assertThat(post(https, base + "/ingest", "Bearer scrape-me", reading).statusCode()).isEqualTo(202);
                String resend = "{\"values\": [" + JSON_STRING.apply(reading) + "]}";
                assertThat(post(https, base + "/api/dead-letters/resend", null, resend).statusCode()).isEqualTo(401);
                assertThat(post(https, base + "/api/dead-letters/resend", "Bearer scrape-me", resend).statusCode())
                        .as("re-send with credentials on an exposed port").isEqualTo(202);

                HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                assertThatThrownBy(() -> get(plain, "http://localhost:" + port + "/health/live", null))
                        .as("plain HTTP on the HTTPS port").isInstanceOf(IOException.class);
            }
        }
    }

    private static final java.util.function.Function<String, String> JSON_STRING =
            v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";

    @Test
    void reSendIsRefusedOnAnExposedPortWithoutAuthentication() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 2, Map.of())
                .start(Duration.ofSeconds(90))) {
            int port = Ports.free();
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(null, Map.of(
                    "application-id", "http-exposed",
                    "bootstrap-servers", broker.bootstrapServers(),
                    "processing.state-dir", dir.resolve("state").toString(),
                    "http.host", "0.0.0.0",
                    "http.port", Integer.toString(port)));
            try (Lifecycle lifecycle = new Lifecycle()) {
                PipelineServices.start(lifecycle, cfg);
                HttpClient plain = HttpClient.newHttpClient();
                String reading = "{\"sensor_id\":\"a\",\"temperature\":20,\"timestamp\":1700000000000}";
                HttpResponse<String> refused = post(plain, "http://localhost:" + port + "/api/dead-letters/resend", null,
                        "{\"values\": [" + JSON_STRING.apply(reading) + "]}");
                assertThat(refused.statusCode()).isEqualTo(403);
                assertThat(refused.body()).contains("http.auth");
                assertThat(get(plain, "http://localhost:" + port + "/api/pipeline", null).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void aWrongKeystorePasswordFailsAtStartInOneLine() throws Exception {
        SelfSignedCertificates certs = SelfSignedCertificates.create(dir.resolve("tls"), "changeit");
        SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(null, Map.of(
                "http.tls.keystore", certs.keystore().toString(), "http.tls.keystore-password", "wrong"));
        assertThatThrownBy(() -> new WebServer(cfg.http(), null, null, null, null, null, 1024, false, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.tls.keystore").hasMessageContaining("keystore-password")
                .hasMessageNotContaining("\n");
        SensorstreamConfig missing = new ConfigLoader(Map.of()).read(null, Map.of("http.auth.users-file", dir.resolve("nope").toString()));
        assertThatThrownBy(() -> new WebServer(missing.http(), null, null, null, null, null, 1024, false, null))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("http.auth.users-file: cannot read");
        Path bad = Files.writeString(dir.resolve("bad-users"), "alice:plaintext\n");
        SensorstreamConfig malformed = new ConfigLoader(Map.of()).read(null, Map.of("http.auth.users-file", bad.toString()));
        assertThatThrownBy(() -> new WebServer(malformed.http(), null, null, null, null, null, 1024, false, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 1").hasMessageContaining("hash-password");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(HttpClient client, String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient client, String url, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) b.header("Authorization", authorization);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
