package io.sensorstream.bench.sink;

import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The window results the sink benchmarks write: final 1-minute windows of 10 000 sensors (seed metrics, p50/p95/p99),
 * the same for every sink so their rows per second compare.
 */
final class BenchWindows {

    private BenchWindows() {
    }

    /** Row {@code i}: sensor {@code i % 10 000}, window {@code i / 10 000} minutes after {@code t0}. */
    static OutputRecord.Window window(int i, long t0) {
        double avg = 20 + (i % 7) * 0.1;
        MetricSummary m = new MetricSummary(60, avg * 60, avg, avg - 2, avg + 2, 0.8, avg, avg + 0.1, 0.01, List.of(avg, avg + 1.5, avg + 1.9));
        long start = t0 + (i / 10_000) * 60_000L;
        return new OutputRecord.Window("sensor-" + (i % 10_000), "tumbling-1m", "tumbling", start, start + 60_000, EmitKind.FINAL, 0,
                start + 65_000, new WindowSummary(60, List.of(m), Map.of()));
    }

    /** The shape of a published window result (README "Message formats"), for sinks that write the JSON as it is. */
    static byte[] json(OutputRecord.Window w) {
        MetricSummary m = w.summary().metrics().get(0);
        return String.format(Locale.ROOT, "{\"sensor_id\":\"%s\",\"window_start_utc\":%d,\"window_end_utc\":%d,"
                + "\"avg_temperature\":%s,\"max_temperature\":%s,\"min_temperature\":%s,\"count_readings\":60,"
                + "\"processing_time_utc\":%d,\"schema\":\"sensorstream.window.v2\",\"window_name\":\"tumbling-1m\","
                + "\"window_kind\":\"tumbling\",\"emit\":\"final\",\"revision\":0,\"count_temperature\":60,"
                + "\"sum_temperature\":%s,\"stddev_temperature\":0.8,\"first_temperature\":%s,\"last_temperature\":%s,"
                + "\"rate_temperature\":0.01,\"p50_temperature\":%s,\"p95_temperature\":%s,\"p99_temperature\":%s}",
                w.sensorId(), w.startMs(), w.endMs(), m.mean(), m.max(), m.min(), w.processingTimeMs(), m.sum(), m.first(), m.last(),
                m.quantiles().get(0), m.quantiles().get(1), m.quantiles().get(2)).getBytes(StandardCharsets.UTF_8);
    }
}
