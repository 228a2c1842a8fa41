package io.sensorstream.core.format;

import java.math.BigDecimal;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Encodes results and alerts as the JSON records published on the output topics (and written by replay).
 *
 * <p>Field names keep the seed's contract, so the seed's consumers keep working: with the default metric
 * {@code temperature} a window result starts with {@code sensor_id, window_start_utc, window_end_utc,
 * avg_temperature, max_temperature, min_temperature, count_readings, processing_time_utc}, and a jump alert with
 * {@code sensor_id, current_temperature, previous_temperature, delta, threshold, timestamp, alert_time}. With several
 * metrics, each gets its {@code avg_/max_/min_} fields there. Everything sensorstream adds comes after; values are
 * full double precision, and a value that does not exist (the rate of a single reading) is {@code null}.
 *
 * <p>Thread-safe.
 */
public final class OutputJson {

    /** Schema identifier written in every window result. */
    public static final String WINDOW_SCHEMA = "sensorstream.window.v2";
    /** Schema identifier written in every jump alert. */
    public static final String JUMP_ALERT_SCHEMA = "sensorstream.jump-alert.v1";
    /** Schema of the detector suite's alert lifecycle events. */
    public static final String ALERT_EVENT_SCHEMA = "sensorstream.alert.v1";
    /** Schema of a detector's score of one reading (the optional scores topic). */
    public static final String SCORE_SCHEMA = "sensorstream.score.v1";

    private final JsonFactory json = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private final String[] metrics;
    private final double[] percentiles;
    private final String[] percentileNames;
    /** Field names per metric, built once: avg, max, min, count, sum, stddev, first, last, rate, then percentiles. */
    private final String[][] fieldNames;

    /**
     * @param metrics     metric names in reading order, used as field suffixes ({@code avg_temperature})
     * @param percentiles quantiles reported per metric, e.g. 0.5 → {@code p50_temperature}
     */
    public OutputJson(List<String> metrics, List<Double> percentiles) {
        this.metrics = metrics.toArray(new String[0]);
        this.percentiles = percentiles.stream().mapToDouble(Double::doubleValue).toArray();
        this.percentileNames = new String[this.percentiles.length];
        for (int i = 0; i < this.percentiles.length; i++) {
            percentileNames[i] = percentileName(this.percentiles[i]);
        }
        fieldNames = new String[this.metrics.length][];
        String[] stems = {"avg_", "max_", "min_", "count_", "sum_", "stddev_", "first_", "last_", "rate_"};
        for (int m = 0; m < this.metrics.length; m++) {
            fieldNames[m] = new String[stems.length + percentileNames.length];
            for (int f = 0; f < stems.length; f++) fieldNames[m][f] = stems[f] + this.metrics[m];
            for (int p = 0; p < percentileNames.length; p++) fieldNames[m][stems.length + p] = percentileNames[p] + "_" + this.metrics[m];
        }
    }

    /** 0.5 → {@code p50}, 0.999 → {@code p99_9}. */
    public static String percentileName(double p) {
        String s = BigDecimal.valueOf(p * 100).stripTrailingZeros().toPlainString();
        return "p" + s.replace('.', '_');
    }

    public byte[] windowResult(WindowResult r, long processingTimeMs) {
        WindowSummary s = r.summary();
        try (ByteArrayBuilder out = new ByteArrayBuilder(512); JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("sensor_id", r.sensorId());
            g.writeNumberField("window_start_utc", r.startMs());
            g.writeNumberField("window_end_utc", r.endMs());
            for (int m = 0; m < metrics.length; m++) {
                MetricSummary ms = s.metric(m);
                String[] names = fieldNames[m];
                number(g, names[0], ms.mean());
                number(g, names[1], ms.max());
                number(g, names[2], ms.min());
            }
            g.writeNumberField("count_readings", s.readings());
            g.writeNumberField("processing_time_utc", processingTimeMs);
            g.writeStringField("schema", WINDOW_SCHEMA);
            g.writeStringField("window_name", r.definition().name());
            g.writeStringField("window_kind", r.definition().kind());
            g.writeStringField("emit", r.kind().code());
            g.writeNumberField("revision", r.revision());
            for (int m = 0; m < metrics.length; m++) {
                MetricSummary ms = s.metric(m);
                String[] names = fieldNames[m];
                g.writeNumberField(names[3], ms.count());
                number(g, names[4], ms.sum());
                number(g, names[5], ms.stddev());
                number(g, names[6], ms.first());
                number(g, names[7], ms.last());
                number(g, names[8], ms.ratePerSecond());
                for (int p = 0; p < ms.quantiles().size(); p++) {
                    number(g, names[9 + p], ms.quantiles().get(p));
                }
            }
            if (!s.tags().isEmpty()) {
                g.writeObjectFieldStart("tags");
                for (Map.Entry<String, String> t : s.tags().entrySet()) {
                    g.writeStringField(t.getKey(), t.getValue());
                }
                g.writeEndObject();
            }
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
            g.writeNumberField("current_" + a.metric(), a.currentValue());
            g.writeNumberField("previous_" + a.metric(), a.previousValue());
            g.writeNumberField("delta", a.delta());
            g.writeNumberField("threshold", a.threshold());
            g.writeNumberField("timestamp", a.eventTimeMs());
            g.writeNumberField("alert_time", alertTimeMs);
            g.writeStringField("schema", JUMP_ALERT_SCHEMA);
            g.writeStringField("detector", "jump");
            g.writeStringField("metric", a.metric());
            g.writeNumberField("previous_timestamp", a.previousEventTimeMs());
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An alert lifecycle event: {@code alert_id} pairs FIRING with RESOLVED; numbers that do not apply (the expected
     * value of RCF without one, the bounds of an open band, the value of a silent alert) are null.
     */
    public byte[] alertEvent(AlertEvent e, long alertTimeMs) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(384); JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", ALERT_EVENT_SCHEMA);
            g.writeStringField("alert_id", e.alertId());
            g.writeStringField("state", e.state().name());
            g.writeStringField("sensor_id", e.sensorId());
            g.writeStringField("metric", e.metric());
            g.writeStringField("detector", e.detector());
            g.writeStringField("severity", e.severity().code());
            number(g, "value", e.value());
            number(g, "score", e.score());
            number(g, "expected", e.expected());
            number(g, "lower", e.lower());
            number(g, "upper", e.upper());
            g.writeNumberField("timestamp", e.eventTimeMs());
            g.writeNumberField("firing_since", e.firingSinceMs());
            g.writeNumberField("alert_time", alertTimeMs);
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A detector's score of one reading: {@value #SCORE_SCHEMA}. */
    public byte[] score(DetectorScore s) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256); JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", SCORE_SCHEMA);
            g.writeStringField("sensor_id", s.sensorId());
            g.writeStringField("metric", s.metric());
            g.writeStringField("detector", s.detector());
            g.writeNumberField("timestamp", s.eventTimeMs());
            number(g, "value", s.value());
            number(g, "score", s.score());
            number(g, "grade", s.grade());
            g.writeBooleanField("anomalous", s.anomalous());
            g.writeBooleanField("warming_up", s.warmingUp());
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }
}
