package io.sensorstream.connectors.alertmanager;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sensorstream.connectors.sink.HttpFailures;
import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.format.OutputRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Posts alert events to Prometheus Alertmanager ({@code POST /api/v2/alerts}), so users route them to e-mail, Slack or
 * PagerDuty with the tool they already run. One Alertmanager alert per occurrence: labels {@code alertname=
 * SensorAnomaly}, {@code sensor_id}, {@code metric}, {@code detector}, {@code severity}, {@code alert_id} (and the
 * configured extra labels); annotations carry the value, the expected value and band, and the score.
 *
 * <p>A {@code FIRING} event is posted with {@code startsAt} = when it started and {@code endsAt} far ahead, so it stays
 * active in Alertmanager until its {@code RESOLVED} event, posted with the same labels and {@code endsAt} = the event
 * time, resolves it. Posting the same event again changes nothing (Alertmanager identifies an alert by its labels), so
 * a replayed batch is harmless. Window results and jump alerts are not sent.
 */
public final class AlertmanagerSink implements Sink {

    /** How long a firing alert is declared to last unless resolved: longer than any real condition. */
    static final Duration FIRING_HORIZON = Duration.ofDays(3650);

    private final String name;
    private final URI alerts;
    private final Map<String, String> extraLabels;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonFactory json = new JsonFactory();

    /** @param url Alertmanager's base URL, e.g. {@code http://alertmanager:9093} */
    public AlertmanagerSink(String name, String url, Map<String, String> extraLabels) {
        this.name = name;
        this.alerts = URI.create(url.replaceAll("/+$", "") + "/api/v2/alerts");
        this.extraLabels = Map.copyOf(extraLabels);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() {
        // stateless: every batch is one request
    }

    @Override
    public void write(List<SinkRecord> batch) throws IOException, InterruptedException {
        List<OutputRecord.Event> events = new ArrayList<>();
        for (SinkRecord r : batch) {
            if (r.output() instanceof OutputRecord.Event e) events.add(e);
        }
        if (events.isEmpty()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(alerts).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body(events))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 != 2) {
            String detail = "Alertmanager at " + alerts + " answered " + status + ": " + response.body().strip();
            throw HttpFailures.forStatus(status, detail);
        }
    }

    byte[] body(List<OutputRecord.Event> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartArray();
            for (OutputRecord.Event oe : events) {
                AlertEvent e = oe.event();
                g.writeStartObject();
                g.writeObjectFieldStart("labels");
                g.writeStringField("alertname", "SensorAnomaly");
                g.writeStringField("sensor_id", e.sensorId());
                if (e.metric() != null) g.writeStringField("metric", e.metric());
                g.writeStringField("detector", e.detector());
                g.writeStringField("severity", e.severity().code());
                g.writeStringField("alert_id", e.alertId());
                for (Map.Entry<String, String> l : extraLabels.entrySet()) g.writeStringField(l.getKey(), l.getValue());
                g.writeEndObject();
                g.writeObjectFieldStart("annotations");
                annotation(g, "value", e.value());
                annotation(g, "expected", e.expected());
                annotation(g, "lower", e.lower());
                annotation(g, "upper", e.upper());
                annotation(g, "score", e.score());
                g.writeStringField("summary", e.detector() + " alert on " + e.sensorId() + (e.metric() == null ? "" : " " + e.metric()));
                g.writeEndObject();
                long started = e.firingSinceMs() > 0 ? e.firingSinceMs() : e.eventTimeMs();
                g.writeStringField("startsAt", Instant.ofEpochMilli(started).toString());
                g.writeStringField("endsAt", e.state() == AlertState.RESOLVED ? Instant.ofEpochMilli(Math.max(e.eventTimeMs(), started + 1)).toString()
                        : Instant.ofEpochMilli(started).plus(FIRING_HORIZON).toString());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    private static void annotation(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) g.writeStringField(name, Double.toString(v));
    }

    /** Transient: connection failures, timeouts, 5xx and 429; a 4xx (a request Alertmanager refuses) is permanent. */
    @Override
    public boolean isTransient(Exception failure) {
        return HttpFailures.isTransient(failure);
    }

    @Override
    public void close() {
        // HttpClient needs no closing on Java 17
    }
}
