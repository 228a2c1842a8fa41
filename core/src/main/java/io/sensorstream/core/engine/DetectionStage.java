package io.sensorstream.core.engine;

import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.JumpDetector;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.state.LastReading;
import io.sensorstream.core.state.PendingBucket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeMap;

/**
 * Detection in event-time order: readings wait in a pending buffer until the watermark passes them, then reach the
 * seed's jump rule and the {@link SensorAlerting detector suite} sorted by event time (ties in arrival order). A reading
 * accepted behind the watermark (within the allowed lateness) is checked at once, in arrival order. Also here: silent
 * sensors (through the suite) and the sensor TTL, which drops the detector state of sensors silent too long.
 *
 * <p>The pending buffer is durable as time buckets ({@link PendingBucket}) of {@code bucketMs = max(100 ms, delay / 4)}:
 * a commit writes each changed bucket once, and a bucket is deleted whole once the watermark reaches its end. After a
 * restore, the readings of the stored buckets at or after the watermark are exactly those not yet released: every
 * watermark advance releases all pending readings before it. A busy bucket is stored in segments of bounded size
 * ({@link PendingBucket#full()}), so no record nears Kafka's message limit at any rate.
 */
final class DetectionStage {

    private final AnalyticsSpec spec;
    private final AnalyticsState state;
    private final AnalyticsOutput out;
    private final String[] metricNames;
    private final JumpDetector jump;
    /** The detector suite, or null when none is configured. */
    private final SensorAlerting alerting;
    private final long bucketMs;
    /** The durable buckets by start and the release order of their readings. */
    private final PendingQueue queue;
    /** (sensor id, event time) of every pending reading when de-duplicating, else null; rebuilt from the buckets. */
    private final HashSet<PendingKey> pendingKeys;
    /** Watermark at which sensors past their TTL are next looked for. */
    private long nextTtlSweep = Long.MIN_VALUE;

    DetectionStage(AnalyticsSpec spec, AnalyticsState state, AnalyticsOutput out, long watermark) {
        this.spec = spec;
        this.state = state;
        this.out = out;
        this.metricNames = spec.format().metricNames().toArray(new String[0]);
        this.jump = spec.detectJumps() ? new JumpDetector(spec.jumpThreshold()) : null;
        this.bucketMs = Math.max(100, spec.watermarkDelayMs() / 4);
        this.queue = new PendingQueue();
        this.pendingKeys = spec.deduplicate() ? new HashSet<>() : null;
        restore(watermark);
        this.alerting = spec.detection().active()
                ? new SensorAlerting(spec.detection(), spec.format().metricNames(), state.detectors(), out::alertEvent,
                        out.wantsScores() ? out::score : null)
                : null;
    }

    /**
     * Rebuilds the buckets from the stored ones, keeping only the readings at or after the watermark (the ones not yet
     * released), in buckets of this configuration's size: a stored bucket may hold released readings, or have another
     * size after a change of the watermark delay. Buckets partition event time, so entries stay in (time, arrival)
     * order. The rebuilt buckets replace the stored ones.
     */
    private void restore(long watermark) {
        TreeMap<Long, PendingBucket> stored = new TreeMap<>(); // by key: a bucket's segments in the order they filled
        state.pending().forEach(stored::put);
        TreeMap<Long, List<PendingBucket>> rebuilt = new TreeMap<>();
        for (PendingBucket b : stored.values()) {
            for (int i = 0; i < b.size(); i++) {
                long t = b.eventTimeMs(i);
                if (watermark != Long.MIN_VALUE && t < watermark) continue;
                long start = Math.floorDiv(t, bucketMs) * bucketMs;
                List<PendingBucket> segments = rebuilt.computeIfAbsent(start, k -> new ArrayList<>());
                PendingBucket last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
                if (last == null || last.full()) {
                    last = new PendingBucket(start, bucketMs, segments.size());
                    segments.add(last);
                }
                last.add(b.sensorId(i), t, b.values(i));
                if (pendingKeys != null) pendingKeys.add(new PendingKey(b.sensorId(i), t));
            }
        }
        stored.keySet().forEach(state.pending()::remove);
        rebuilt.forEach((start, segments) -> segments.forEach(b -> {
            state.pending().put(b.key(), b);
            queue.addBucket(b);
        }));
    }

    /** Whether readings wait in the pending buffer: for detection in event-time order, and for de-duplication. */
    private boolean active() {
        return jump != null || alerting != null || pendingKeys != null;
    }

    /** With de-duplication: whether a reading with {@code r}'s sensor id and event time is pending at watermark {@code w}. */
    boolean isDuplicate(Reading r, long w) {
        long t = r.eventTimeMs();
        return pendingKeys != null && (w == Long.MIN_VALUE || t >= w) && pendingKeys.contains(new PendingKey(r.sensorId(), t));
    }

    /** Number of readings waiting for the watermark. */
    int pendingCount() {
        return queue.size();
    }

    /** A reading some window accepted, at watermark {@code w} (before the reading). */
    void onReading(Reading r, long w) {
        if (!active()) {
            return;
        }
        long t = r.eventTimeMs();
        if (w != Long.MIN_VALUE && t < w) {
            detect(r.sensorId(), t, r.values(), true);
            return;
        }
        long start = Math.floorDiv(t, bucketMs) * bucketMs;
        PendingBucket bucket = queue.bucket(start);
        if (bucket == null || bucket.full()) { // a new bucket, or its next segment (a record must stay below Kafka's limit)
            bucket = new PendingBucket(start, bucketMs, bucket == null ? 0 : bucket.segment() + 1);
            queue.addBucket(bucket);
        }
        String sensor = state.canonicalSensorId(r.sensorId()); // the window stages just made or touched its record
        int index = bucket.add(sensor, t, r.values());
        state.pending().put(bucket.key(), bucket);
        queue.added(start, index);
        if (pendingKeys != null) pendingKeys.add(new PendingKey(sensor, t));
    }

    /** The watermark advanced to {@code w}: release what it passed, then look for silent sensors. */
    void onWatermark(long w) {
        PendingBucket[] ended;
        do { // bucket by bucket: release what w passed, drop the bucket (its segments) once w is past its end
            int next;
            while ((next = queue.pollBefore(w)) >= 0) {
                PendingBucket b = queue.polledBucket();
                String sensor = b.sensorId(next);
                long t = b.eventTimeMs(next);
                if (pendingKeys != null) pendingKeys.remove(new PendingKey(sensor, t));
                detect(sensor, t, b.values(next), false);
            }
            ended = queue.pollEndedBefore(w);
            if (ended != null) {
                for (PendingBucket segment : ended) state.pending().remove(segment.key());
            }
        } while (ended != null);
        if (alerting != null) {
            alerting.onWatermark(w);
        }
    }

    /** Drops the state of sensors whose last reading is older than {@code W − ttl}, at most every ttl / 4. */
    void expireIfDue(long w) {
        if (spec.sensorTtlMs() == 0 || w < nextTtlSweep) {
            return;
        }
        nextTtlSweep = w + Math.max(1_000, spec.sensorTtlMs() / 4);
        long limit = w - spec.sensorTtlMs();
        List<String> silent = new ArrayList<>();
        state.lastReadings().forEach((sensor, last) -> {
            if (last.latestTime() < limit) silent.add(sensor);
        });
        silent.sort(null);
        for (String sensor : silent) {
            state.lastReadings().remove(sensor);
            if (alerting != null) {
                alerting.expire(sensor, w);
            }
        }
        if (!silent.isEmpty()) {
            out.sensorsExpired(silent.size());
        }
    }

    private void detect(String sensorId, long t, double[] values, boolean outOfOrder) {
        LastReading last = state.lastReadings().getForUpdate(sensorId);
        if (last == null) {
            last = new LastReading(metricNames.length);
            state.lastReadings().put(sensorId, last);
        }
        int metrics = Math.min(values.length, metricNames.length); // a restored reading may carry another metric count
        for (int m = 0; m < metrics; m++) {
            double v = values[m];
            if (Double.isNaN(v)) {
                continue;
            }
            if (jump != null && jump.exceeds(last.value(m), v)) { // no verdict object for the ~96 % that do not jump
                double previous = last.value(m);
                out.alert(new JumpAlert(sensorId, metricNames[m], v, previous, Math.abs(v - previous), jump.threshold(), t,
                        last.time(m)));
            }
            if (!outOfOrder || last.time(m) <= t) {
                last.set(m, t, v);
            }
        }
        if (alerting != null) {
            alerting.onReading(sensorId, values, t);
        }
    }

    /** A pending reading's identity for de-duplication; equality written out (no record reflection on the hot path). */
    private static final class PendingKey {
        private final String sensor;
        private final long time;
        private final int hash;

        PendingKey(String sensor, long time) {
            this.sensor = sensor;
            this.time = time;
            this.hash = 31 * sensor.hashCode() + Long.hashCode(time);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PendingKey k && k.time == time && k.sensor.equals(sensor);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
