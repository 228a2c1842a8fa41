package io.sensorstream.connectors.webhook;

import io.sensorstream.connectors.sink.HttpFailures;
import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.format.OutputRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Posts each alert event, as published ({@code sensorstream.alert.v1} JSON), to a URL: one {@code POST} per event,
 * with the configured headers (e.g. a bearer token from the environment) and {@code Idempotency-Key:
 * <alert_id>/<state>}. A receiver cannot be asked whether it already has an event, so a batch replayed after a crash
 * may post an event again; the key, the same on every delivery of one event, lets the receiver drop the repeat.
 */
public final class WebhookSink implements Sink {

    private final String name;
    private final URI url;
    private final Map<String, String> headers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookSink(String name, String url, Map<String, String> headers) {
        this.name = name;
        this.url = URI.create(url);
        this.headers = Map.copyOf(headers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() {
        // stateless
    }

    @Override
    public void write(List<SinkRecord> batch) throws IOException, InterruptedException {
        for (SinkRecord r : batch) {
            if (!(r.output() instanceof OutputRecord.Event e)) {
                continue;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", e.event().alertId() + "/" + e.event().state().name())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(r.value()));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 != 2) {
                String detail = "webhook " + url + " answered " + status + ": " + response.body().strip();
                throw HttpFailures.forStatus(status, detail);
            }
        }
    }

    /** Transient: connection failures, timeouts, 5xx, 408 and 429; any other 4xx is permanent. */
    @Override
    public boolean isTransient(Exception failure) {
        return HttpFailures.isTransient(failure);
    }

    @Override
    public void close() {
        // HttpClient needs no closing on Java 17
    }
}
