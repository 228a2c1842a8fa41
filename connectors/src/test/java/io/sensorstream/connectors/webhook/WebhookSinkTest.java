package io.sensorstream.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.format.OutputRecord;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The webhook sink against an HTTP server in the test (the JDK's {@code HttpServer} as the receiving end): one POST per
 * alert event with its JSON, the configured headers and an idempotency key; window results are not sent; 5xx is
 * transient, 4xx permanent.
 */
class WebhookSinkTest {

    private static SinkRecord event(AlertState state) {
        AlertEvent e = new AlertEvent("s1/range/temperature/1", state, "s1", "temperature", "range", Severity.CRITICAL, 95, Double.NaN,
                Double.NaN, -40, 85, 1_000, 1_000);
        return new SinkRecord(new OutputRecord.Event(e, 2_000), ("{\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8),
                "sensor-alert-events", 0, 0, 2_000);
    }

    @Test
    void postsEachEventWithItsKeyAndClassifiesFailures() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger status = new AtomicInteger(204);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                    + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            WebhookSink sink = new WebhookSink("webhook", url, Map.of("Authorization", "Bearer t0ken"));
            sink.open();
            sink.write(List.of(event(AlertState.FIRING), event(AlertState.RESOLVED)));
            assertThat(received).containsExactly(
                    "Bearer t0ken s1/range/temperature/1/FIRING {\"state\":\"FIRING\"}",
                    "Bearer t0ken s1/range/temperature/1/RESOLVED {\"state\":\"RESOLVED\"}");
            status.set(503);
            Exception unavailable = failure(sink);
            assertThat(sink.isTransient(unavailable)).as("%s", unavailable).isTrue();
            status.set(401);
            Exception unauthorized = failure(sink);
            assertThat(unauthorized).hasMessageContaining("answered 401");
            assertThat(sink.isTransient(unauthorized)).isFalse();
        } finally {
            server.stop(0);
        }
    }

    private static Exception failure(WebhookSink sink) {
        try {
            sink.write(List.of(event(AlertState.FIRING)));
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("no failure");
    }
}
