package io.sensorstream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.testing.Ports;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /ingest} under hostile input, against the running processor and a real broker: random bytes, random
 * mutations of valid NDJSON, a line near the size limit, deep nesting, invalid UTF-8, and a slowloris client that
 * trickles its body. Every answer is 202, 207, 400 or 413 (never a 5xx, never a hang); in each NDJSON answer accepted +
 * rejected equals the number of non-blank lines (each bad line accounted for); the slow client is cut off after the
 * idle timeout while others are served; the process is healthy at the end.
 */
class IngestFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void hostileBodiesAreAnsweredAndAccountedFor() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 1, Map.of())
                .start(Duration.ofSeconds(90))) {
            int port = Ports.free();
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(null, Map.of(
                    "application-id", "ingest-fuzz",
                    "bootstrap-servers", broker.bootstrapServers(),
                    "processing.state-dir", dir.resolve("state").toString(),
                    "http.port", Integer.toString(port),
                    "http.idle-timeout", "2s",
                    "ingest.http.enabled", "true",
                    "ingest.http.max-body", "2MB"));
            try (Lifecycle lifecycle = new Lifecycle()) {
                PipelineServices.start(lifecycle, cfg);
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                String url = "http://localhost:" + port + "/ingest";
                SplittableRandom random = new SplittableRandom(2026);
                long t0 = 1_700_000_000_000L;

                for (int i = 0; i < 400; i++) {
                    byte[] body;
                    boolean ndjson = random.nextBoolean();
                    switch (i % 4) {
                        case 0 -> {
                            body = new byte[random.nextInt(2_048)];
                            random.nextBytes(body);
                        }
                        case 1 -> body = mutate(validNdjson(random, t0, 1 + random.nextInt(20)), random);
                        case 2 -> {
                            byte[] valid = validNdjson(random, t0, 5);
                            body = new byte[valid.length + 8];
                            System.arraycopy(valid, 0, body, 0, valid.length);
                            for (int k = valid.length; k < body.length; k++) body[k] = (byte) (0x80 | random.nextInt(0x80)); // bare continuation bytes
                        }
                        default -> body = ("{\"sensor_id\":\"\u00ff" + new String(new byte[] {(byte) 0xC3, (byte) 0x28}, StandardCharsets.ISO_8859_1)
                                + "\",\"temperature\":1,\"timestamp\":" + t0 + "}\n").getBytes(StandardCharsets.ISO_8859_1);
                    }
                    HttpResponse<String> r = post(client, url, body, ndjson);
                    assertThat(r.statusCode()).as("case %d answered", i).isIn(202, 207, 400);
                    if (ndjson) {
                        JsonNode answer = JSON.readTree(r.body());
                        assertThat(answer.get("accepted").asInt() + answer.get("rejected").asInt())
                                .as("case %d: every non-blank line accounted for", i).isEqualTo(nonBlankLines(body));
                    }
                }

                byte[] huge = ("{\"sensor_id\":\"" + "x".repeat(1_900_000) + "\",\"temperature\":1,\"timestamp\":" + t0 + "}\n")
                        .getBytes(StandardCharsets.UTF_8);
                assertThat(post(client, url, huge, true).statusCode()).as("a huge line below the limit").isIn(202, 400);
                byte[] hugeValid = ("{\"sensor_id\":\"big\",\"temperature\":1,\"timestamp\":" + t0 + ",\"note\":\"" + "y".repeat(1_500_000)
                        + "\"}\n{\"sensor_id\":\"small\",\"temperature\":1,\"timestamp\":" + t0 + "}\n").getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> tooLarge = post(client, url, hugeValid, true);
                assertThat(tooLarge.statusCode()).as("a valid reading larger than a Kafka record may be").isEqualTo(207);
                assertThat(tooLarge.body()).contains("\"accepted\":1", "\"rejected\":1", "too_large");
                assertThat(post(client, url, new byte[3 * 1024 * 1024], true).statusCode()).as("above max-body").isEqualTo(413);
                String deepArray = "[".repeat(100_000) + "]".repeat(100_000);
                assertThat(post(client, url, deepArray.getBytes(StandardCharsets.UTF_8), false).statusCode()).as("deep array").isEqualTo(400);
                String deepObject = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
                assertThat(post(client, url, deepObject.getBytes(StandardCharsets.UTF_8), true).statusCode()).as("deep object").isEqualTo(400);

                try (Socket slow = new Socket("localhost", port)) {
                    slow.setSoTimeout(15_000);
                    OutputStream out = slow.getOutputStream();
                    out.write(("POST /ingest HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    long start = System.nanoTime();
                    assertThat(post(client, url, validNdjson(random, t0, 3), true).statusCode()).as("others are served meanwhile").isEqualTo(202);
                    InputStream in = slow.getInputStream();
                    byte[] buf = new byte[4096];
                    boolean closed = false;
                    try {
                        while (in.read(buf) >= 0) {
                            // the server may answer 408/400 before closing
                        }
                        closed = true;
                    } catch (java.net.SocketException e) {
                        closed = true; // reset by the server
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    assertThat(closed).isTrue();
                    assertThat(seconds).as("the stalled body is cut off after the idle timeout (2 s)").isLessThan(12);
                }
                HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).isEqualTo(200);
            }
        }
    }

    private static HttpResponse<String> post(HttpClient client, String url, byte[] body, boolean ndjson) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", ndjson ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] validNdjson(SplittableRandom random, long t0, int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("{\"sensor_id\":\"s").append(random.nextInt(10)).append("\",\"temperature\":").append(15 + random.nextInt(100) / 10.0)
                    .append(",\"timestamp\":").append(t0 + random.nextInt(100_000)).append("}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutate(byte[] body, SplittableRandom random) {
        byte[] b = body.clone();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }

    /** Lines as the ingest counts them: split at LF, a CR before it dropped, blank = only spaces, tabs, CRs. */
    private static int nonBlankLines(byte[] body) {
        int count = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                boolean blank = true;
                for (int k = start; k < i; k++) {
                    if (body[k] != ' ' && body[k] != '\t' && body[k] != '\r') {
                        blank = false;
                        break;
                    }
                }
                if (!blank) count++;
                start = i + 1;
            }
        }
        return count;
    }
}
