package io.sensorstream.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.connectors.testing.ServerProcess;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.format.OutputRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alertmanager sink against a real Alertmanager (Debian's {@code prometheus-alertmanager}, installed by
 * {@code .ci/run}): a FIRING event becomes an active alert with its labels and annotations, posting it again changes
 * nothing, its RESOLVED event resolves it; a refused request is permanent, an unreachable server transient.
 */
class AlertmanagerSinkTest {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final long T0 = System.currentTimeMillis() - 60_000;

    @TempDir
    Path dir;

    private static OutputRecord.Event event(AlertState state, long t) {
        return new OutputRecord.Event(new AlertEvent("boiler-7/range/temperature/" + T0, state, "boiler-7", "temperature", "range",
                Severity.CRITICAL, 95.5, Double.NaN, Double.NaN, -40, 85, t, T0), t + 100);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aFiringEventIsAnActiveAlertUntilItsResolvedEvent() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed (.ci/run installs it)");
        int port = ServerProcess.freePort();
        Files.writeString(dir.resolve("am.yml"), "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n");
        Process am = ServerProcess.start(dir.resolve("am.log"), BINARY.toString(), "--config.file=" + dir.resolve("am.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=");
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            ServerProcess.awaitHttp(base + "/-/ready", 200, dir.resolve("am.log"), Duration.ofSeconds(30));
            AlertmanagerSink sink = new AlertmanagerSink("alertmanager", base + "/", Map.of("team", "plant-3"));
            sink.open();
            sink.write(List.of(SinkRecord.of(event(AlertState.FIRING, T0))));
            sink.write(List.of(SinkRecord.of(event(AlertState.FIRING, T0)))); // a replay
            String active = get(http, base + "/api/v2/alerts?active=true");
            assertThat(active).contains("\"sensor_id\":\"boiler-7\"", "\"detector\":\"range\"", "\"severity\":\"critical\"",
                    "\"team\":\"plant-3\"", "\"value\":\"95.5\"", "\"upper\":\"85.0\"", "\"state\":\"active\"");
            assertThat(active.split("\"alertname\":\"SensorAnomaly\"", -1)).as("one alert, not two").hasSize(2);

            sink.write(List.of(SinkRecord.of(event(AlertState.RESOLVED, T0 + 30_000))));
            assertThat(get(http, base + "/api/v2/alerts?active=true")).doesNotContain("boiler-7");

            AlertmanagerSink wrongPath = new AlertmanagerSink("alertmanager", base + "/nothing-here", Map.of());
            Exception refused = null;
            try {
                wrongPath.write(List.of(SinkRecord.of(event(AlertState.FIRING, T0))));
            } catch (Exception e) {
                refused = e;
            }
            assertThat(refused).isNotNull();
            assertThat(wrongPath.isTransient(refused)).as("%s", refused).isFalse();
        } finally {
            am.destroy();
            am.waitFor();
        }
        AlertmanagerSink gone = new AlertmanagerSink("alertmanager", "http://127.0.0.1:1", Map.of());
        Exception unreachable = null;
        try {
            gone.write(List.of(SinkRecord.of(event(AlertState.FIRING, T0))));
        } catch (Exception e) {
            unreachable = e;
        }
        assertThat(gone.isTransient(unreachable)).as("%s", unreachable).isTrue();
    }
}
