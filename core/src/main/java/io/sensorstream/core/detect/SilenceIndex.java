package io.sensorstream.core.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which sensors may have gone silent: sensors by {@code floor(lastSeen / g)}, {@code g = max(1 ms, silentAfter / 8)}.
 * A sensor moves between buckets at most once per {@code g} of its own event time, and a watermark {@code W} takes
 * the buckets that lie wholly before {@code W − silentAfter}. Derived from the detector states; rebuilt on restore.
 *
 * <p>Example: silentAfter 5 min, g 37.5 s; last reading 10:00:10 (bucket [10:00:00, 10:00:37.5)) → due once
 * {@code W − 5 min} passes 10:00:37.5, i.e. the watermark passes 10:05:37.5.
 */
public final class SilenceIndex {

    private final long silentAfter;
    private final long granularity;
    private final TreeMap<Long, Set<String>> buckets = new TreeMap<>();

    public SilenceIndex(long silentAfterMs) {
        this.silentAfter = silentAfterMs;
        this.granularity = Math.max(1, silentAfterMs / 8);
    }

    public void add(String sensor, long lastSeen) {
        buckets.computeIfAbsent(Math.floorDiv(lastSeen, granularity), k -> new HashSet<>()).add(sensor);
    }

    public void remove(String sensor, long lastSeen) {
        long bucket = Math.floorDiv(lastSeen, granularity);
        Set<String> set = buckets.get(bucket);
        if (set != null && set.remove(sensor) && set.isEmpty()) {
            buckets.remove(bucket);
        }
    }

    /** The sensor was last seen at {@code before} ({@link Long#MIN_VALUE}: not indexed) and now at {@code now}. */
    public void moved(String sensor, long before, long now) {
        long from = before == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(before, granularity);
        if (from != Math.floorDiv(now, granularity)) {
            if (before != Long.MIN_VALUE) {
                remove(sensor, before);
            }
            add(sensor, now);
        }
    }

    /** Removes and returns the sensors of every bucket wholly before {@code w − silentAfter} (unordered). */
    public List<String> takeDue(long w) {
        List<String> due = new ArrayList<>();
        if (buckets.isEmpty() || w == Long.MIN_VALUE) {
            return due;
        }
        long dueThrough = w - silentAfter - 1; // silent when lastSeen + silentAfter < W
        long lastFullBucket = Math.floorDiv(dueThrough + 1, granularity) - 1;
        while (!buckets.isEmpty() && buckets.firstKey() <= lastFullBucket) {
            due.addAll(buckets.pollFirstEntry().getValue());
        }
        return due;
    }
}
