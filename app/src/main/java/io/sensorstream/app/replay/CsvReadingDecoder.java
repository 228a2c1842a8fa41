package io.sensorstream.app.replay;

import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.reading.MetricSpec;

import io.sensorstream.app.UserError;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.RejectReason;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads CSV lines such as NAB's {@code 2013-12-02 21:15:00,73.96732207} into readings, fast.
 *
 * <p>Columns come from the header: the timestamp is the configured timestamp field, else {@code timestamp}; each
 * metric is its configured field, else the first metric is {@code value}; the sensor id is the configured sensor-id
 * column, else the fixed id given (the file's name). Timestamps: epoch milliseconds, or
 * {@code yyyy-MM-dd[ T]HH:mm:ss[.fff]} in UTC (parsed by hand, the day cached), or any ISO-8601 with offset. No
 * quoting: sensor CSVs do not need it. Not thread-safe.
 */
final class CsvReadingDecoder {

    private final int timestampColumn;
    private final int sensorColumn;
    private final int[] metricColumns;
    private final String fixedSensorId;
    private final double[] min;
    private final double[] max;
    private final int columns;
    private String cachedDay = "";
    private long cachedDayMs;

    /**
     * The spec to replay a CSV with this header under: when the first metric's field is not a column but {@code value}
     * is (NAB's {@code timestamp,value}), the metric is named {@code value} (results say {@code avg_value}, not the
     * configured name of a column the file does not have).
     */
    static AnalyticsSpec forHeader(String header, AnalyticsSpec spec) {
        List<String> names = Arrays.stream(header.split(",", -1)).map(String::trim).toList();
        ReadingFormat f = spec.format();
        MetricSpec first = f.metrics().get(0);
        boolean valueTaken = f.metrics().stream().anyMatch(m -> m.name().equals("value"));
        if (names.contains(first.field()) || !names.contains("value") || valueTaken) {
            return spec;
        }
        List<MetricSpec> metrics = new java.util.ArrayList<>(f.metrics());
        metrics.set(0, new MetricSpec("value", "value", first.minValue(), first.maxValue(), first.required()));
        return spec.withFormat(new ReadingFormat(f.sensorIdField(), f.timestampField(), f.timestampFormat(), metrics, f.tagFields(),
                f.maxFutureMs()));
    }

    CsvReadingDecoder(String header, ReadingFormat format, String fixedSensorId) {
        List<String> names = Arrays.stream(header.split(",", -1)).map(String::trim).toList();
        this.columns = names.size();
        this.starts = new int[columns + 1];
        this.timestampColumn = names.contains(format.timestampField()) ? names.indexOf(format.timestampField()) : names.indexOf("timestamp");
        if (timestampColumn < 0) {
            throw new UserError("CSV header '" + header + "' has no '" + format.timestampField() + "'"
                    + (format.timestampField().equals("timestamp") ? "" : " or 'timestamp'") + " column (input.timestamp-field)");
        }
        this.sensorColumn = names.indexOf(format.sensorIdField());
        this.fixedSensorId = fixedSensorId;
        this.metricColumns = new int[format.metrics().size()];
        this.min = new double[metricColumns.length];
        this.max = new double[metricColumns.length];
        for (int i = 0; i < metricColumns.length; i++) {
            var m = format.metrics().get(i);
            int c = names.indexOf(m.field());
            if (c < 0 && i == 0) c = names.indexOf("value");
            if (c < 0 && m.required()) {
                throw new UserError("CSV header '" + header + "' has no column for metric '" + m.name() + "'");
            }
            metricColumns[i] = c;
            min[i] = m.minValue();
            max[i] = m.maxValue();
        }
    }

    private final int[] starts;

    ParseResult decode(String line) {
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < line.length() && n <= columns; i++) {
            if (line.charAt(i) == ',') starts[n++] = i + 1;
        }
        if (n != columns) {
            return new ParseResult.Rejected(RejectReason.MALFORMED_JSON, "CSV line has " + n + " columns, expected " + columns);
        }
        long t;
        try {
            t = timestamp(line, starts[timestampColumn],
                    timestampColumn + 1 < columns ? starts[timestampColumn + 1] - 1 : line.length());
        } catch (RuntimeException e) {
            return new ParseResult.Rejected(RejectReason.BAD_TIMESTAMP,
                    "timestamp '" + field(line, starts, timestampColumn) + "' is not epoch ms or ISO-8601");
        }
        double[] values = new double[metricColumns.length];
        for (int i = 0; i < values.length; i++) {
            if (metricColumns[i] < 0) {
                values[i] = Double.NaN;
                continue;
            }
            int from = starts[metricColumns[i]];
            int to = metricColumns[i] + 1 < columns ? starts[metricColumns[i] + 1] - 1 : line.length();
            if (from == to) {
                values[i] = Double.NaN;
                continue;
            }
            values[i] = FastDecimal.parse(line, from, to);
            String s = null;
            if (Double.isNaN(values[i])) {
                s = line.substring(from, to).trim();
                try {
                    values[i] = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return new ParseResult.Rejected(RejectReason.WRONG_TYPE, "value '" + s + "' is not a number");
                }
            }
            if (!Double.isFinite(values[i])) {
                return new ParseResult.Rejected(RejectReason.NON_FINITE, "value " + values[i] + " is not finite");
            }
            if (values[i] < min[i] || values[i] > max[i]) {
                return new ParseResult.Rejected(RejectReason.OUT_OF_RANGE, "value " + values[i] + " outside [" + min[i] + ", " + max[i] + "]");
            }
        }
        String sensor = sensorColumn >= 0 ? field(line, starts, sensorColumn) : fixedSensorId;
        return new ParseResult.Valid(new Reading(sensor, t, values, Map.of()));
    }

    private String field(String line, int[] starts, int column) {
        int end = column + 1 < columns ? starts[column + 1] - 1 : line.length();
        return line.substring(starts[column], end).trim();
    }

    private long timestamp(String line, int from, int to) {
        int len = to - from;
        boolean allDigits = len > 0 && len <= 16;
        for (int i = from; i < to && allDigits; i++) {
            allDigits = Character.isDigit(line.charAt(i));
        }
        if (allDigits) {
            return Long.parseLong(line, from, to, 10);
        }
        // yyyy-MM-dd HH:mm:ss[.fff] or with 'T', no offset: UTC
        if (len >= 19 && len <= 23 && line.charAt(from + 4) == '-' && (line.charAt(from + 10) == ' ' || line.charAt(from + 10) == 'T')) {
            if (!line.regionMatches(from, cachedDay, 0, 10) || cachedDay.isEmpty()) {
                String day = line.substring(from, from + 10);
                cachedDayMs = LocalDateTime.parse(day + "T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();
                cachedDay = day;
            }
            long ms = cachedDayMs + (digits(line, from + 11, from + 13) * 3600L + digits(line, from + 14, from + 16) * 60L
                    + digits(line, from + 17, from + 19)) * 1000L;
            if (len > 20 && line.charAt(from + 19) == '.') {
                int frac = 0;
                int scale = 100;
                for (int i = from + 20; i < to && scale > 0; i++, scale /= 10) {
                    char c = line.charAt(i);
                    if (c < '0' || c > '9') throw new NumberFormatException(line);
                    frac += (c - '0') * scale;
                }
                ms += frac;
            }
            return ms;
        }
        return OffsetDateTime.parse(line.substring(from, to).trim()).toInstant().toEpochMilli();
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new NumberFormatException(s);
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
