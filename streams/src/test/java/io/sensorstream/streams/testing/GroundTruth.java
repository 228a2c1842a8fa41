package io.sensorstream.streams.testing;

import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.window.WindowSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the pipeline must output for a known input, computed offline by a deliberately plain method (prefix maxima,
 * lists, sorting, two-pass statistics) that shares no code with the engine.
 *
 * <p>Tumbling windows. Per partition, in arrival order, the watermark before a reading is {@code max(t) − delay} over
 * the readings accepted before it. A reading is on time if its window's end is above that watermark, accepted late
 * (the window is republished with the next revision) if the end plus the allowed lateness is above it, and late
 * otherwise. The jump detector sees readings at or above the watermark in event-time order once the watermark passes
 * them, and readings below it at once.
 */
public final class GroundTruth {

    /** A valid reading as produced, with the partition it went to; list them in production order. */
    public record Sent(int partition, Reading reading) {
    }

    public record WindowKey(String sensorId, long startMs) {
    }

    /** The window's content in its last published revision, and how many results it had in total. */
    public record ExpectedWindow(long count, double mean, double min, double max, double stddev, double first,
                                 double last, int results) {
    }

    public record ExpectedAlert(String sensorId, long eventTimeMs, double current, double previous) {
    }

    /**
     * @param openReadings accepted readings in windows not published yet (still open at the end of the stream)
     */
    public record Expected(Map<WindowKey, ExpectedWindow> windows, List<ExpectedAlert> alerts, List<Reading> late,
                           long updates, long openReadings) {
    }

    private GroundTruth() {
    }

    public static Expected compute(List<Sent> sent, WindowSpec spec, long delayMs, double threshold) {
        return compute(sent, spec, delayMs, 0, threshold);
    }

    public static Expected compute(List<Sent> sent, WindowSpec spec, long delayMs, long latenessMs, double threshold) {
        if (!spec.isTumbling()) {
            throw new IllegalArgumentException("ground truth supports tumbling windows only");
        }
        long size = spec.sizeMs();
        Map<Integer, Long> maxSeen = new HashMap<>();
        Map<WindowKey, List<Reading>> contents = new TreeMap<>(Comparator.comparing(WindowKey::sensorId)
                .thenComparingLong(WindowKey::startMs));
        Map<WindowKey, Integer> lateAccepted = new HashMap<>();
        Map<WindowKey, Boolean> onTime = new HashMap<>();
        Map<WindowKey, Integer> partitionOf = new HashMap<>();
        List<Reading> late = new ArrayList<>();
        List<ExpectedAlert> alerts = new ArrayList<>();
        Map<Integer, List<Object[]>> pending = new HashMap<>();
        Map<String, double[]> last = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            Reading r = s.reading();
            Long max = maxSeen.get(s.partition());
            long w = max == null ? Long.MIN_VALUE : max - delayMs;
            long start = Math.floorDiv(r.eventTimeMs(), size) * size;
            long end = start + size;
            WindowKey key = new WindowKey(r.sensorId(), start);
            if (max != null && end + latenessMs <= w) {
                late.add(r);
                continue;
            }
            partitionOf.put(key, s.partition());
            contents.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            if (max != null && end <= w) {
                lateAccepted.merge(key, 1, Integer::sum);
            } else {
                onTime.put(key, true);
            }
            if (max != null && r.eventTimeMs() < w) {
                check(r, last, threshold, alerts, true);
            } else {
                pending.computeIfAbsent(s.partition(), k -> new ArrayList<>()).add(new Object[] {r, i});
            }
            if (max == null || r.eventTimeMs() > max) {
                maxSeen.put(s.partition(), r.eventTimeMs());
                long nw = r.eventTimeMs() - delayMs;
                List<Object[]> p = pending.get(s.partition());
                p.sort(Comparator.<Object[]>comparingLong(a -> ((Reading) a[0]).eventTimeMs()).thenComparingInt(a -> (int) a[1]));
                while (!p.isEmpty() && ((Reading) p.get(0)[0]).eventTimeMs() < nw) {
                    check((Reading) p.remove(0)[0], last, threshold, alerts, false);
                }
            }
        }
        Map<WindowKey, ExpectedWindow> windows = new LinkedHashMap<>();
        long updates = 0;
        long open = 0;
        for (Map.Entry<WindowKey, List<Reading>> e : contents.entrySet()) {
            long finalWatermark = maxSeen.get(partitionOf.get(e.getKey())) - delayMs;
            boolean closedOnTime = onTime.containsKey(e.getKey()) && e.getKey().startMs() + size <= finalWatermark;
            int lateCount = lateAccepted.getOrDefault(e.getKey(), 0);
            int results = (closedOnTime ? 1 : 0) + lateCount;
            if (results == 0) {
                open += e.getValue().size();
                continue;
            }
            updates += results - 1;
            windows.put(e.getKey(), stats(e.getValue(), results));
        }
        return new Expected(windows, alerts, late, updates, open);
    }

    private static void check(Reading r, Map<String, double[]> last, double threshold, List<ExpectedAlert> alerts, boolean outOfOrder) {
        double[] prev = last.get(r.sensorId());
        if (prev != null && Math.abs(r.value() - prev[1]) > threshold) {
            alerts.add(new ExpectedAlert(r.sensorId(), r.eventTimeMs(), r.value(), prev[1]));
        }
        if (prev == null || !outOfOrder || prev[0] <= r.eventTimeMs()) {
            last.put(r.sensorId(), new double[] {r.eventTimeMs(), r.value()});
        }
    }

    private static ExpectedWindow stats(List<Reading> readings, int results) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Reading first = null;
        Reading lastReading = null;
        for (Reading r : readings) {
            double v = r.value();
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (first == null || r.eventTimeMs() < first.eventTimeMs()) first = r;
            if (lastReading == null || r.eventTimeMs() >= lastReading.eventTimeMs()) lastReading = r;
        }
        double mean = sum / readings.size();
        double squares = 0;
        for (Reading r : readings) {
            squares += (r.value() - mean) * (r.value() - mean);
        }
        double stddev = readings.size() < 2 ? 0 : Math.sqrt(squares / (readings.size() - 1));
        return new ExpectedWindow(readings.size(), mean, min, max, stddev, first.value(), lastReading.value(), results);
    }
}
