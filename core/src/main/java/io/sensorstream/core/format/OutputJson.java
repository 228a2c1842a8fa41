package io.sensorstream.core.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.window.WindowResult;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes results and alerts as the JSON records published on the output topics.
 *
 * <p>Field names keep the seed's contract, so the seed's consumers keep working: with the default metric name
 * {@code temperature} a window result carries {@code sensor_id, window_start_utc, window_end_utc, avg_temperature,
 * max_temperature, min_temperature, count_readings, processing_time_utc}, and a jump alert carries
 * {@code sensor_id, current_temperature, previous_temperature, delta, threshold, timestamp, alert_time}. Fields
 * added by sensorstream ({@code schema}, {@code stddev_*}, {@code sum_*}, {@code detector}, ...) come after them.
 * Values are written at full double precision (the seed rounded to two decimals).
 *
 * <p>Thread-safe.
 */
public final class OutputJson {

    /** Schema identifier written in every window result. */
    public static final String WINDOW_SCHEMA = "sensorstream.window.v1";
    /** Schema identifier written in every jump alert. */
    public static final String JUMP_ALERT_SCHEMA = "sensorstream.jump-alert.v1";

    private final JsonFactory json = new JsonFactory();
    private final String metric;

    /** @param metric the metric's name, used as the suffix of value fields ({@code avg_temperature}) */
    public OutputJson(String metric) {
        this.metric = metric;
    }

    public byte[] windowResult(WindowResult r, long processingTimeMs) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(320); JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("sensor_id", r.sensorId());
            g.writeNumberField("window_start_utc", r.window().startMs());
            g.writeNumberField("window_end_utc", r.window().endMs());
            g.writeNumberField("avg_" + metric, r.stats().mean());
            g.writeNumberField("max_" + metric, r.stats().max());
            g.writeNumberField("min_" + metric, r.stats().min());
            g.writeNumberField("count_readings", r.stats().count());
            g.writeNumberField("processing_time_utc", processingTimeMs);
            g.writeStringField("schema", WINDOW_SCHEMA);
            g.writeStringField("metric", metric);
            g.writeNumberField("stddev_" + metric, r.stats().stddev());
            g.writeNumberField("sum_" + metric, r.stats().sum());
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] jumpAlert(JumpAlert a, long alertTimeMs) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(320); JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("sensor_id", a.sensorId());
            g.writeNumberField("current_" + metric, a.currentValue());
            g.writeNumberField("previous_" + metric, a.previousValue());
            g.writeNumberField("delta", a.delta());
            g.writeNumberField("threshold", a.threshold());
            g.writeNumberField("timestamp", a.eventTimeMs());
            g.writeNumberField("alert_time", alertTimeMs);
            g.writeStringField("schema", JUMP_ALERT_SCHEMA);
            g.writeStringField("detector", "jump");
            g.writeStringField("metric", metric);
            g.writeNumberField("previous_timestamp", a.previousEventTimeMs());
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
