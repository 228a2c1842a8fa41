package io.sensorstream.core.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what {@link OutputJson} writes back into typed, immutable {@link OutputRecord}s: the one decoder of the output
 * topics, for the dashboard and the sinks. The record's {@code schema} field decides its kind; a record without one, or
 * with a schema this build does not know, is an {@link OutputFormatException} naming it. JSON {@code null} numbers are
 * NaN (an open band's bounds: ±infinity), as before encoding.
 *
 * <p>Decoding a window result needs the metric names and percentiles it was written with (the same configuration);
 * a metric missing from the record decodes as a metric without values. Thread-safe.
 */
public final class OutputDecoder {

    /** Fast double parsing (the same exact values): {@code Double.parseDouble} was 10 % of a sink thread's profile. */
    private final JsonFactory json = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private final String[] metrics;
    private final String[] percentileNames;

    public OutputDecoder(List<String> metrics, List<Double> percentiles) {
        this.metrics = metrics.toArray(new String[0]);
        this.percentileNames = percentiles.stream().map(OutputJson::percentileName).toArray(String[]::new);
    }

    public OutputRecord decode(byte[] value) {
        Fields node = parse(value);
        String schema = node.get("schema") instanceof String s ? s : "";
        return switch (schema) {
            case OutputJson.WINDOW_SCHEMA -> window(node);
            case OutputJson.JUMP_ALERT_SCHEMA -> jump(node);
            case OutputJson.ALERT_EVENT_SCHEMA -> event(node);
            case OutputJson.SCORE_SCHEMA -> score(node);
            case "" -> throw new OutputFormatException("record has no 'schema' field: not a sensorstream output");
            default -> throw new OutputFormatException("unknown schema '" + schema + "'; this build reads "
                    + OutputJson.WINDOW_SCHEMA + ", " + OutputJson.JUMP_ALERT_SCHEMA + ", " + OutputJson.ALERT_EVENT_SCHEMA + " and "
                    + OutputJson.SCORE_SCHEMA);
        };
    }

    private OutputRecord.Window window(Fields n) {
        List<MetricSummary> summaries = new ArrayList<>(metrics.length);
        for (String m : metrics) {
            long count = n.get("count_" + m) instanceof Long c ? c : 0;
            Double[] q = new Double[percentileNames.length > 0 && n.containsKey(percentileNames[0] + "_" + m) ? percentileNames.length : 0];
            for (int p = 0; p < q.length; p++) {
                q[p] = number(n, percentileNames[p] + "_" + m);
            }
            summaries.add(new MetricSummary(count, number(n, "sum_" + m), number(n, "avg_" + m), number(n, "min_" + m),
                    number(n, "max_" + m), number(n, "stddev_" + m), number(n, "first_" + m), number(n, "last_" + m),
                    number(n, "rate_" + m), List.of(q)));
        }
        Map<String, String> tags = n.tags;
        return new OutputRecord.Window(text(n, "sensor_id"), text(n, "window_name"), text(n, "window_kind"),
                whole(n, "window_start_utc"), whole(n, "window_end_utc"), emit(text(n, "emit")), (int) whole(n, "revision"),
                whole(n, "processing_time_utc"), new WindowSummary(whole(n, "count_readings"), summaries, tags));
    }

    private static OutputRecord.Jump jump(Fields n) {
        String metric = text(n, "metric");
        return new OutputRecord.Jump(new JumpAlert(text(n, "sensor_id"), metric, number(n, "current_" + metric),
                number(n, "previous_" + metric), number(n, "delta"), number(n, "threshold"), whole(n, "timestamp"),
                whole(n, "previous_timestamp")), whole(n, "alert_time"));
    }

    private static OutputRecord.Event event(Fields n) {
        double lower = number(n, "lower");
        double upper = number(n, "upper");
        AlertEvent e = new AlertEvent(text(n, "alert_id"), enumValue(AlertState.class, text(n, "state"), "state"),
                text(n, "sensor_id"), text(n, "metric"), text(n, "detector"),
                enumValue(Severity.class, text(n, "severity"), "severity"), number(n, "value"), number(n, "score"),
                number(n, "expected"), Double.isNaN(lower) ? Double.NEGATIVE_INFINITY : lower,
                Double.isNaN(upper) ? Double.POSITIVE_INFINITY : upper, whole(n, "timestamp"), whole(n, "firing_since"));
        return new OutputRecord.Event(e, whole(n, "alert_time"));
    }

    private static OutputRecord.Score score(Fields n) {
        return new OutputRecord.Score(new DetectorScore(text(n, "sensor_id"), text(n, "metric"), text(n, "detector"),
                whole(n, "timestamp"), number(n, "value"), number(n, "score"), number(n, "grade"), flag(n, "anomalous"),
                flag(n, "warming_up")));
    }

    private static boolean flag(Fields n, String field) {
        if (!(n.get(field) instanceof Boolean v)) throw new OutputFormatException("field '" + field + "' is missing or not true/false");
        return v;
    }

    private static EmitKind emit(String code) {
        for (EmitKind k : EmitKind.values()) {
            if (k.code().equals(code)) return k;
        }
        throw new OutputFormatException("field 'emit': unknown value '" + code + "'");
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OutputFormatException("field '" + field + "': unknown value '" + text + "'");
        }
    }

    private static String text(Fields n, String field) {
        if (!(n.get(field) instanceof String v)) throw new OutputFormatException("field '" + field + "' is missing or not text");
        return v;
    }

    private static long whole(Fields n, String field) {
        if (!(n.get(field) instanceof Long v)) throw new OutputFormatException("field '" + field + "' is missing or not a whole number");
        return v;
    }

    private static double number(Fields n, String field) {
        return n.get(field) instanceof Number v ? v.doubleValue() : Double.NaN;
    }

    /** The top-level fields: strings, whole numbers as Long, other numbers as Double, null; {@code tags} apart. */
    private static final class Fields extends HashMap<String, Object> {
        final Map<String, String> tags = new LinkedHashMap<>();
    }

    private Fields parse(byte[] value) {
        if (value == null) throw new OutputFormatException("no value (a tombstone?)");
        Fields fields = new Fields();
        try (JsonParser p = json.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new OutputFormatException("not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("tags") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        p.nextToken();
                        fields.tags.put(key, p.getValueAsString());
                    }
                    continue;
                }
                switch (t) {
                    case VALUE_STRING -> fields.put(name, p.getText());
                    case VALUE_NUMBER_INT -> fields.put(name, p.getLongValue());
                    case VALUE_NUMBER_FLOAT -> fields.put(name, p.getDoubleValue());
                    case VALUE_NULL -> fields.put(name, null);
                    case VALUE_TRUE, VALUE_FALSE -> fields.put(name, t == JsonToken.VALUE_TRUE);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new OutputFormatException("not JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return fields;
    }
}
