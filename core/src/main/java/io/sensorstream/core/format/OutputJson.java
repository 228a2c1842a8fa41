package io.sensorstream.core.format;

import java.math.BigDecimal;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
 * <p>Thread-safe. Each thread encodes with one generator and buffer of its own, reused from record to record, and
 * field names are encoded once: together a third off every record (JMH {@code OutputJsonBenchmark}: a jump alert
 * about 730 → 470 ns, a window result 1 790 → 1 130 ns).
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

    /**
     * Field names and constant values encoded once: a name given as a {@code String} is copied and checked for escapes
     * char by char at every record (writing strings was half of a jump alert's profile).
     */
    private static final SerializedString F_ALERT_ID = new SerializedString("alert_id");
    private static final SerializedString F_ALERT_TIME = new SerializedString("alert_time");
    private static final SerializedString F_ANOMALOUS = new SerializedString("anomalous");
    private static final SerializedString F_COUNT_READINGS = new SerializedString("count_readings");
    private static final SerializedString F_DELTA = new SerializedString("delta");
    private static final SerializedString F_DETECTOR = new SerializedString("detector");
    private static final SerializedString F_EMIT = new SerializedString("emit");
    private static final SerializedString F_EXPECTED = new SerializedString("expected");
    private static final SerializedString F_FIRING_SINCE = new SerializedString("firing_since");
    private static final SerializedString F_GRADE = new SerializedString("grade");
    private static final SerializedString F_LOWER = new SerializedString("lower");
    private static final SerializedString F_METRIC = new SerializedString("metric");
    private static final SerializedString F_PREVIOUS_TIMESTAMP = new SerializedString("previous_timestamp");
    private static final SerializedString F_PROCESSING_TIME_UTC = new SerializedString("processing_time_utc");
    private static final SerializedString F_REVISION = new SerializedString("revision");
    private static final SerializedString F_SCHEMA = new SerializedString("schema");
    private static final SerializedString F_SCORE = new SerializedString("score");
    private static final SerializedString F_SENSOR_ID = new SerializedString("sensor_id");
    private static final SerializedString F_SEVERITY = new SerializedString("severity");
    private static final SerializedString F_STATE = new SerializedString("state");
    private static final SerializedString F_TAGS = new SerializedString("tags");
    private static final SerializedString F_THRESHOLD = new SerializedString("threshold");
    private static final SerializedString F_TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString F_UPPER = new SerializedString("upper");
    private static final SerializedString F_VALUE = new SerializedString("value");
    private static final SerializedString F_WARMING_UP = new SerializedString("warming_up");
    private static final SerializedString F_WINDOW_END_UTC = new SerializedString("window_end_utc");
    private static final SerializedString F_WINDOW_KIND = new SerializedString("window_kind");
    private static final SerializedString F_WINDOW_NAME = new SerializedString("window_name");
    private static final SerializedString F_WINDOW_START_UTC = new SerializedString("window_start_utc");
    private static final SerializedString WINDOW_SCHEMA_TEXT = new SerializedString(WINDOW_SCHEMA);
    private static final SerializedString JUMP_ALERT_SCHEMA_TEXT = new SerializedString(JUMP_ALERT_SCHEMA);
    private static final SerializedString ALERT_EVENT_SCHEMA_TEXT = new SerializedString(ALERT_EVENT_SCHEMA);
    private static final SerializedString SCORE_SCHEMA_TEXT = new SerializedString(SCORE_SCHEMA);
    private static final SerializedString JUMP_TEXT = new SerializedString("jump");

    private final JsonFactory json = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    /** Per thread: one generator over one buffer, reused (see the class comment). */
    private final ThreadLocal<Encoder> encoders = ThreadLocal.withInitial(() -> new Encoder(json));
    private final String[] metrics;
    private final double[] percentiles;
    private final String[] percentileNames;
    /** Field names per metric, built once: avg, max, min, count, sum, stddev, first, last, rate, then percentiles. */
    private final SerializedString[][] fieldNames;
    /** A jump alert's {@code current_<metric>} and {@code previous_<metric>} per metric, built once. */
    private final SerializedString[] currentNames;
    private final SerializedString[] previousNames;

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
        fieldNames = new SerializedString[this.metrics.length][];
        String[] stems = {"avg_", "max_", "min_", "count_", "sum_", "stddev_", "first_", "last_", "rate_"};
        for (int m = 0; m < this.metrics.length; m++) {
            fieldNames[m] = new SerializedString[stems.length + percentileNames.length];
            for (int f = 0; f < stems.length; f++) fieldNames[m][f] = new SerializedString(stems[f] + this.metrics[m]);
            for (int p = 0; p < percentileNames.length; p++) {
                fieldNames[m][stems.length + p] = new SerializedString(percentileNames[p] + "_" + this.metrics[m]);
            }
        }
        currentNames = new SerializedString[this.metrics.length];
        previousNames = new SerializedString[this.metrics.length];
        for (int m = 0; m < this.metrics.length; m++) {
            currentNames[m] = new SerializedString("current_" + this.metrics[m]);
            previousNames[m] = new SerializedString("previous_" + this.metrics[m]);
        }
    }

    /** One generator writing into one buffer; {@link #start} hands it out empty, {@link #finish} takes the record out. */
    private static final class Encoder {
        private final ByteArrayBuilder out = new ByteArrayBuilder(512);
        private final JsonGenerator generator;
        private final char[] digits = new char[ShortDecimals.MAX_LENGTH];

        Encoder(JsonFactory json) {
            try {
                generator = json.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            generator.setRootValueSeparator(null); // records follow one another in the buffer without a separator
        }

        JsonGenerator start() {
            out.reset();
            return generator;
        }

        byte[] finish() throws IOException {
            generator.flush();
            return out.toByteArray();
        }
    }

    /** Writes one record with this thread's encoder; one that failed mid-record is dropped, so the next starts clean. */
    private byte[] encode(RecordWriter writer) {
        Encoder encoder = encoders.get();
        try {
            writer.write(encoder.start(), encoder.digits);
            return encoder.finish();
        } catch (IOException | RuntimeException e) {
            encoders.remove();
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            throw (RuntimeException) e;
        }
    }

    @FunctionalInterface
    private interface RecordWriter {
        /** @param digits a scratch buffer for numbers ({@link ShortDecimals#MAX_LENGTH} chars) */
        void write(JsonGenerator g, char[] digits) throws IOException;
    }

    /** The index of {@code metric} among the configured metrics, -1 when it is not one of them. */
    private int metricIndex(String metric) {
        for (int m = 0; m < metrics.length; m++) {
            if (metrics[m] == metric || metrics[m].equals(metric)) return m;
        }
        return -1;
    }

    /** 0.5 → {@code p50}, 0.999 → {@code p99_9}. */
    public static String percentileName(double p) {
        String s = BigDecimal.valueOf(p * 100).stripTrailingZeros().toPlainString();
        return "p" + s.replace('.', '_');
    }

    public byte[] windowResult(WindowResult r, long processingTimeMs) {
        WindowSummary s = r.summary();
        return encode((g, d) -> {
            g.writeStartObject();
            text(g, F_SENSOR_ID, r.sensorId());
            number(g, F_WINDOW_START_UTC, r.startMs());
            number(g, F_WINDOW_END_UTC, r.endMs());
            for (int m = 0; m < metrics.length; m++) {
                MetricSummary ms = s.metric(m);
                SerializedString[] names = fieldNames[m];
                numberOrNull(g, d, names[0], ms.mean());
                numberOrNull(g, d, names[1], ms.max());
                numberOrNull(g, d, names[2], ms.min());
            }
            number(g, F_COUNT_READINGS, s.readings());
            number(g, F_PROCESSING_TIME_UTC, processingTimeMs);
            text(g, F_SCHEMA, WINDOW_SCHEMA_TEXT);
            text(g, F_WINDOW_NAME, r.definition().name());
            text(g, F_WINDOW_KIND, r.definition().kind());
            text(g, F_EMIT, r.kind().code());
            number(g, F_REVISION, r.revision());
            for (int m = 0; m < metrics.length; m++) {
                MetricSummary ms = s.metric(m);
                SerializedString[] names = fieldNames[m];
                number(g, names[3], ms.count());
                numberOrNull(g, d, names[4], ms.sum());
                numberOrNull(g, d, names[5], ms.stddev());
                numberOrNull(g, d, names[6], ms.first());
                numberOrNull(g, d, names[7], ms.last());
                numberOrNull(g, d, names[8], ms.ratePerSecond());
                for (int p = 0; p < ms.quantiles().size(); p++) {
                    numberOrNull(g, d, names[9 + p], ms.quantiles().get(p));
                }
            }
            if (!s.tags().isEmpty()) {
                g.writeFieldName(F_TAGS);
                g.writeStartObject();
                for (Map.Entry<String, String> t : s.tags().entrySet()) {
                    g.writeStringField(t.getKey(), t.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    public byte[] jumpAlert(JumpAlert a, long alertTimeMs) {
        return encode((g, d) -> {
            g.writeStartObject();
            text(g, F_SENSOR_ID, a.sensorId());
            int m = metricIndex(a.metric());
            decimal(g, d, m >= 0 ? currentNames[m] : new SerializedString("current_" + a.metric()), a.currentValue());
            decimal(g, d, m >= 0 ? previousNames[m] : new SerializedString("previous_" + a.metric()), a.previousValue());
            decimal(g, d, F_DELTA, a.delta());
            decimal(g, d, F_THRESHOLD, a.threshold());
            number(g, F_TIMESTAMP, a.eventTimeMs());
            number(g, F_ALERT_TIME, alertTimeMs);
            text(g, F_SCHEMA, JUMP_ALERT_SCHEMA_TEXT);
            text(g, F_DETECTOR, JUMP_TEXT);
            text(g, F_METRIC, a.metric());
            number(g, F_PREVIOUS_TIMESTAMP, a.previousEventTimeMs());
            g.writeEndObject();
        });
    }

    /**
     * An alert lifecycle event: {@code alert_id} pairs FIRING with RESOLVED; numbers that do not apply (the expected
     * value of RCF without one, the bounds of an open band, the value of a silent alert) are null.
     */
    public byte[] alertEvent(AlertEvent e, long alertTimeMs) {
        return encode((g, d) -> {
            g.writeStartObject();
            text(g, F_SCHEMA, ALERT_EVENT_SCHEMA_TEXT);
            text(g, F_ALERT_ID, e.alertId());
            text(g, F_STATE, e.state().name());
            text(g, F_SENSOR_ID, e.sensorId());
            text(g, F_METRIC, e.metric());
            text(g, F_DETECTOR, e.detector());
            text(g, F_SEVERITY, e.severity().code());
            numberOrNull(g, d, F_VALUE, e.value());
            numberOrNull(g, d, F_SCORE, e.score());
            numberOrNull(g, d, F_EXPECTED, e.expected());
            numberOrNull(g, d, F_LOWER, e.lower());
            numberOrNull(g, d, F_UPPER, e.upper());
            number(g, F_TIMESTAMP, e.eventTimeMs());
            number(g, F_FIRING_SINCE, e.firingSinceMs());
            number(g, F_ALERT_TIME, alertTimeMs);
            g.writeEndObject();
        });
    }

    /** A detector's score of one reading: {@value #SCORE_SCHEMA}. */
    public byte[] score(DetectorScore s) {
        return encode((g, d) -> {
            g.writeStartObject();
            text(g, F_SCHEMA, SCORE_SCHEMA_TEXT);
            text(g, F_SENSOR_ID, s.sensorId());
            text(g, F_METRIC, s.metric());
            text(g, F_DETECTOR, s.detector());
            number(g, F_TIMESTAMP, s.eventTimeMs());
            numberOrNull(g, d, F_VALUE, s.value());
            numberOrNull(g, d, F_SCORE, s.score());
            numberOrNull(g, d, F_GRADE, s.grade());
            bool(g, F_ANOMALOUS, s.anomalous());
            bool(g, F_WARMING_UP, s.warmingUp());
            g.writeEndObject();
        });
    }

    /** A finite double, or null. */
    private static void numberOrNull(JsonGenerator g, char[] digits, SerializableString field, double v) throws IOException {
        g.writeFieldName(field);
        if (Double.isFinite(v)) {
            writeDouble(g, digits, v);
        } else {
            g.writeNull();
        }
    }

    private static void decimal(JsonGenerator g, char[] digits, SerializableString field, double v) throws IOException {
        g.writeFieldName(field);
        writeDouble(g, digits, v);
    }

    /** A double as Jackson's fast writer prints it; short decimals (most sensor values) without its general algorithm. */
    private static void writeDouble(JsonGenerator g, char[] digits, double v) throws IOException {
        int n = ShortDecimals.write(v, digits);
        if (n >= 0) {
            g.writeNumber(digits, 0, n);
        } else {
            g.writeNumber(v);
        }
    }

    private static void number(JsonGenerator g, SerializableString field, long v) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(v);
    }

    private static void text(JsonGenerator g, SerializableString field, String v) throws IOException {
        g.writeFieldName(field);
        g.writeString(v);
    }

    private static void text(JsonGenerator g, SerializableString field, SerializableString v) throws IOException {
        g.writeFieldName(field);
        g.writeString(v);
    }

    private static void bool(JsonGenerator g, SerializableString field, boolean v) throws IOException {
        g.writeFieldName(field);
        g.writeBoolean(v);
    }
}
