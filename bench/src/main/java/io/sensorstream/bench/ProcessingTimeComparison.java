package io.sensorstream.bench;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.engine.LateReading;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.window.WindowDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How many window results are wrong under realistic network delay: the seed's processing-time approach versus
 * sensorstream's event-time windows.
 *
 * <p>Ten sensors send one reading per second for two hours of event time. Each reading reaches the processor after a
 * network delay: 90 % within 1 s, 9 % within 5 s, 1 % within 60 s. The <b>seed's model</b> (its algorithm, not its
 * code): every 10 s of processing time T it publishes, per sensor, the statistics of the readings received so far
 * whose timestamp is at least T − 60 s, as the window [T − 60 s, T). <b>sensorstream</b>: 60 s tumbling event-time
 * windows, watermark delay 5 s, allowed lateness 60 s. A result is wrong when its count or mean differs from the
 * truth: all readings whose event time lies in that result's window. Prints one line per approach.
 */
public final class ProcessingTimeComparison {

    private record Arrival(Reading reading, long arrivalMs) {
    }

    public static void main(String[] args) {
        SplittableRandom random = new SplittableRandom(2026);
        long t0 = 1_700_000_040_000L;
        long duration = Duration.ofHours(2).toMillis();
        List<Arrival> arrivals = new ArrayList<>();
        for (long t = t0; t < t0 + duration; t += 1_000) {
            for (int s = 1; s <= 10; s++) {
                double p = random.nextDouble();
                long delay = p < 0.90 ? random.nextLong(0, 1_000) : p < 0.99 ? random.nextLong(1_000, 5_000) : random.nextLong(5_000, 60_000);
                arrivals.add(new Arrival(Reading.of("sensor_" + s, t, Math.round((20 + random.nextDouble(-2, 2)) * 100) / 100.0),
                        t + delay));
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::arrivalMs));
        List<Reading> all = arrivals.stream().map(Arrival::reading).toList();

        // the seed's processing-time windows
        Map<String, List<Reading>> received = new HashMap<>();
        long nextBatch = t0 + 10_000;
        long seedResults = 0;
        long seedWrong = 0;
        for (Arrival a : arrivals) {
            while (a.arrivalMs() >= nextBatch) {
                for (Map.Entry<String, List<Reading>> e : received.entrySet()) {
                    long start = nextBatch - 60_000;
                    e.getValue().removeIf(r -> r.eventTimeMs() < start);
                    if (e.getValue().isEmpty()) continue;
                    seedResults++;
                    if (!matchesTruth(all, e.getKey(), start, nextBatch, e.getValue())) seedWrong++;
                }
                nextBatch += 10_000;
            }
            received.computeIfAbsent(a.reading().sensorId(), k -> new ArrayList<>()).add(a.reading());
        }

        // sensorstream's event-time windows
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withWindows(List.of(WindowDefinition.tumbling(Duration.ofSeconds(60))))
                .withTiming(5_000, 60_000, 0).withPercentiles(List.of());
        Map<String, long[]> lastByWindow = new HashMap<>();
        long[] counts = new long[4]; // finals, finals wrong, updates, late
        Map<String, List<Reading>> finalContents = new HashMap<>();
        PartitionAnalytics engine = new PartitionAnalytics(spec, AnalyticsState.inMemory(), new AnalyticsOutput() {
            @Override
            public void window(WindowResult r) {
                String key = r.sensorId() + "/" + r.startMs();
                boolean right = matchesTruth(all, r.sensorId(), r.startMs(), r.endMs(), r.summary().readings(),
                        r.summary().metric(0).mean());
                if (r.kind() == EmitKind.FINAL) {
                    counts[0]++;
                    if (!right) counts[1]++;
                } else {
                    counts[2]++;
                }
                lastByWindow.put(key, new long[] {right ? 1 : 0});
            }



            @Override
            public void late(Reading reading, LateReading why) {
                counts[3]++;
            }
        });
        for (Arrival a : arrivals) engine.onReading(a.reading());
        long wrongAfterUpdates = lastByWindow.values().stream().filter(v -> v[0] == 0).count();
        System.out.printf("seed processing-time windows: results=%d wrong=%d (%.1f%%)%n", seedResults, seedWrong,
                100.0 * seedWrong / seedResults);
        System.out.printf("sensorstream event-time windows: results=%d wrong-at-first=%d (%.2f%%) updates=%d wrong-after-updates=%d late=%d%n",
                counts[0], counts[1], 100.0 * counts[1] / counts[0], counts[2], wrongAfterUpdates, counts[3]);
    }

    private static boolean matchesTruth(List<Reading> all, String sensor, long start, long end, List<Reading> got) {
        double mean = got.stream().mapToDouble(Reading::value).average().orElse(Double.NaN);
        return matchesTruth(all, sensor, start, end, got.size(), mean);
    }

    private static boolean matchesTruth(List<Reading> all, String sensor, long start, long end, long count, double mean) {
        long n = 0;
        double sum = 0;
        for (Reading r : all) {
            if (r.sensorId().equals(sensor) && r.eventTimeMs() >= start && r.eventTimeMs() < end) {
                n++;
                sum += r.value();
            }
        }
        return n == count && Math.abs(sum / n - mean) < 1e-9;
    }
}
