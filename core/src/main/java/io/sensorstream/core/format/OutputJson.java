package io.sensorstream.core.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.engine.WindowState;
import io.sensorstream.core.stats.MetricStats;
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

    private final JsonFactory json = new JsonFactory();
    private final String[] metrics;
    private final double[] percentiles;
    private final String[] percentileNames;

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
    }

    /** 0.5 → {@code p50}, 0.999 → {@code p99_9}. */
    public static String percentileName(double p) {
        String s = java.math.BigDecimal.valueOf(p * 100).stripTrailingZeros().toPlainString();
        return "p" + s.replace('.', '_');
    }

    public byte[] windowResult(WindowResult r, long processingTimeMs) {
        WindowState s = r.state();
        try (ByteArrayBuilder out = new ByteArrayBuilder(512); JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("sensor_id", r.sensorId());
            g.writeNumberField("window_start_utc", r.startMs());
            g.writeNumberField("window_end_utc", r.endMs());
            for (int m = 0; m < metrics.length; m++) {
                MetricStats ms = s.metric(m);
                number(g, "avg_" + metrics[m], ms.moments().mean());
                number(g, "max_" + metrics[m], ms.moments().max());
                number(g, "min_" + metrics[m], ms.moments().min());
            }
            g.writeNumberField("count_readings", s.readings());
            g.writeNumberField("processing_time_utc", processingTimeMs);
            g.writeStringField("schema", WINDOW_SCHEMA);
            g.writeStringField("window_name", r.definition().name());
            g.writeStringField("window_kind", r.definition().kind());
            g.writeStringField("emit", r.kind().code());
            g.writeNumberField("revision", r.revision());
            for (int m = 0; m < metrics.length; m++) {
                MetricStats ms = s.metric(m);
                String suffix = "_" + metrics[m];
                g.writeNumberField("count" + suffix, ms.count());
                number(g, "sum" + suffix, ms.count() == 0 ? Double.NaN : ms.moments().sum());
                number(g, "stddev" + suffix, ms.moments().sampleStddev());
                number(g, "first" + suffix, ms.first());
                number(g, "last" + suffix, ms.last());
                number(g, "rate" + suffix, ms.ratePerSecond());
                if (ms.hasQuantiles()) {
                    for (int p = 0; p < percentiles.length; p++) {
                        number(g, percentileNames[p] + suffix, ms.quantile(percentiles[p]));
                    }
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

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }
}
