package io.sensorstream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline page of one instance shows every instance of the application: two processors with the same application
 * id split the four input partitions, and {@code /api/pipeline?scope=all} of either lists both, each with its own
 * threads and partitions (asked over HTTP at the address the other advertises), together covering all four.
 */
class PipelinePageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onePageShowsEveryInstanceAndItsPartitions() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            int http1 = Ports.free();
            int http2 = Ports.free();
            try (Lifecycle one = new Lifecycle(); Lifecycle two = new Lifecycle()) {
                PipelineServices.start(one, config(broker, http1, "one"));
                PipelineServices.start(two, config(broker, http2, "two"));
                HttpClient client = HttpClient.newHttpClient();
                JsonNode all = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline) {
                    all = JSON.readTree(get(client, http1));
                    if (all.get("instances").size() == 2 && activePartitions(all).size() == 4
                            && all.get("instances").findValues("state").stream().allMatch(s -> s.asText().equals("RUNNING"))) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertThat(all.get("instances")).as("%s", all).hasSize(2);
                assertThat(all.get("instances").get(0).get("instance").asText()).isEqualTo("localhost:" + http1);
                assertThat(all.get("instances").get(1).get("instance").asText()).isEqualTo("localhost:" + http2);
                assertThat(activePartitions(all)).containsExactly(0, 1, 2, 3);
                for (JsonNode instance : all.get("instances")) {
                    assertThat(instance.get("threads")).hasSize(1);
                    assertThat(instance.get("partitions").size()).as("each instance hosts some partitions").isBetween(1, 3);
                }
                JsonNode fromTwo = JSON.readTree(get(client, http2));
                assertThat(activePartitions(fromTwo)).containsExactly(0, 1, 2, 3);
            }
        }
    }

    private static TreeSet<Integer> activePartitions(JsonNode all) {
        TreeSet<Integer> out = new TreeSet<>();
        for (JsonNode instance : all.get("instances")) {
            if (!instance.has("threads")) continue;
            instance.get("threads").forEach(t -> t.get("active").forEach(p -> out.add(p.asInt())));
        }
        return out;
    }

    private SensorstreamConfig config(EmbeddedKafkaBroker broker, int http, String name) {
        return new ConfigLoader(Map.of()).read(null, Map.of(
                "application-id", "pipeline-page",
                "bootstrap-servers", broker.bootstrapServers(),
                "processing.state-dir", dir.resolve("state-" + name).toString(),
                "http.port", Integer.toString(http)));
    }

    private static String get(HttpClient client, int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/pipeline?scope=all")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
