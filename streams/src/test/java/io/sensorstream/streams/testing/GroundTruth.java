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
 * grouping, sorting, two-pass statistics) that shares no code with the processor.
 *
 * <p>Limits: tumbling windows only; readings must be either on time (event time at or above the partition's
 * watermark when they arrive) or late for their window, which holds for the simulator's disorder within the bound.
 */
public final class GroundTruth {

    /** A valid reading as produced, with the partition it went to; list them in production order. */
    public record Sent(int partition, Reading reading) {
    }

    public record WindowKey(String sensorId, long startMs) {
    }

    public record ExpectedWindow(long count, double mean, double min, double max, double stddev) {
    }

    public record ExpectedAlert(String sensorId, long eventTimeMs, double current, double previous) {
    }

    public record Expected(Map<WindowKey, ExpectedWindow> windows, List<ExpectedAlert> alerts, List<Reading> late) {
    }

    private GroundTruth() {
    }

    public static Expected compute(List<Sent> sent, WindowSpec spec, long delayMs, double threshold) {
        if (!spec.isTumbling()) {
            throw new IllegalArgumentException("ground truth supports tumbling windows only");
        }
        Map<Integer, Long> maxSeen = new HashMap<>();
        Map<WindowKey, List<Double>> groups = new TreeMap<>(Comparator.comparing(WindowKey::sensorId)
                .thenComparingLong(WindowKey::startMs));
        Map<String, List<long[]>> perSensorOrder = new LinkedHashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        List<Reading> late = new ArrayList<>();
        List<Reading> onTime = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            Reading r = s.reading();
            partitionOf.put(r.sensorId(), s.partition());
            Long max = maxSeen.get(s.partition());
            long watermark = max == null ? Long.MIN_VALUE : max - delayMs;
            long start = Math.floorDiv(r.eventTimeMs(), spec.sizeMs()) * spec.sizeMs();
            if (max != null && start + spec.sizeMs() <= watermark) {
                late.add(r);
                continue;
            }
            if (max != null && r.eventTimeMs() < watermark) {
                throw new IllegalStateException("reading beyond the out-of-orderness bound but not late: " + r);
            }
            maxSeen.merge(s.partition(), r.eventTimeMs(), Math::max);
            groups.computeIfAbsent(new WindowKey(r.sensorId(), start), k -> new ArrayList<>()).add(r.value());
            perSensorOrder.computeIfAbsent(r.sensorId(), k -> new ArrayList<>()).add(new long[] {r.eventTimeMs(), i});
            onTime.add(r);
        }
        Map<WindowKey, ExpectedWindow> windows = new LinkedHashMap<>();
        groups.forEach((key, values) -> {
            long finalWatermark = maxSeen.get(partitionOf.get(key.sensorId())) - delayMs;
            if (key.startMs() + spec.sizeMs() <= finalWatermark) {
                windows.put(key, stats(values));
            }
        });
        List<ExpectedAlert> alerts = new ArrayList<>();
        perSensorOrder.forEach((sensor, order) -> {
            long finalWatermark = maxSeen.get(partitionOf.get(sensor)) - delayMs;
            order.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
            Reading previous = null;
            for (long[] entry : order) {
                if (entry[0] >= finalWatermark) {
                    break;
                }
                Reading current = sent.get((int) entry[1]).reading();
                if (previous != null && Math.abs(current.value() - previous.value()) > threshold) {
                    alerts.add(new ExpectedAlert(sensor, current.eventTimeMs(), current.value(), previous.value()));
                }
                previous = current;
            }
        });
        return new Expected(windows, alerts, late);
    }

    private static ExpectedWindow stats(List<Double> values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.size();
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double stddev = values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1));
        return new ExpectedWindow(values.size(), mean, min, max, stddev);
    }
}
