package io.sensorstream.core.state;

import io.sensorstream.core.detect.SensorDetectors;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The per-sensor tables the engine uses (windows, sessions, last readings, detectors) as views of one table of
 * {@link SensorRecord}s, so each sensor is one stored value. Every change marks the sensor's record changed; a record
 * with nothing left in it is deleted.
 *
 * <p>Sizes are counted here (the metrics read them from another thread without touching the store); the counts start
 * from the stored records on first use, which is after Kafka Streams restored them.
 */
final class SensorTables {

    private final StateTable<String, SensorRecord> records;
    private final StateTable<Keys.WindowKey, WindowState> windows;
    private final StateTable<Keys.SessionKey, SessionList> sessions;
    private final StateTable<String, LastReading> lastReadings;
    private final StateTable<String, SensorDetectors> detectors;
    private boolean counted;
    private int windowCount;
    private int sessionCount;
    private int lastCount;
    private int detectorCount;

    SensorTables(StateTable<String, SensorRecord> records) {
        this.records = records;
        this.windows = new WindowView();
        this.sessions = new SessionView();
        this.lastReadings = new SensorFieldView<>(SensorRecord::last, (r, v) -> { r.last(v); return null; }) {
            @Override
            void count(int delta) {
                lastCount += delta;
            }

            @Override
            public int size() {
                return lastCount;
            }
        };
        this.detectors = new SensorFieldView<>(SensorRecord::detectors, (r, v) -> { r.detectors(v); return null; }) {
            @Override
            void count(int delta) {
                detectorCount += delta;
            }

            @Override
            public int size() {
                return detectorCount;
            }
        };
    }

    StateTable<Keys.WindowKey, WindowState> windows() {
        return windows;
    }

    StateTable<Keys.SessionKey, SessionList> sessions() {
        return sessions;
    }

    StateTable<String, LastReading> lastReadings() {
        return lastReadings;
    }

    StateTable<String, SensorDetectors> detectors() {
        return detectors;
    }

    private void countOnce() {
        if (counted) {
            return;
        }
        counted = true;
        records.forEach((sensor, r) -> {
            windowCount += r.windowCount();
            sessionCount += r.sessionDefinitionCount();
            lastCount += r.last() == null ? 0 : 1;
            detectorCount += r.detectors() == null ? 0 : 1;
        });
    }

    /** The sensor's record marked changed, made when absent. */
    private SensorRecord recordForUpdate(String sensor) {
        countOnce();
        SensorRecord r = records.getForUpdate(sensor);
        if (r == null) {
            r = new SensorRecord();
            records.put(sensor, r);
        }
        return r;
    }

    /** After a removal: deletes the record when nothing is left in it. */
    private void dropIfEmpty(String sensor, SensorRecord r) {
        if (r.isEmpty()) {
            records.remove(sensor);
        }
    }

    /** The sensor's shared id instance ({@link SensorRecord#id}); {@code sensor} itself when it has no record. */
    String canonicalId(String sensor) {
        SensorRecord r = records.get(sensor);
        return r == null ? sensor : r.id(sensor);
    }

    private SensorRecord record(String sensor) {
        countOnce();
        return records.get(sensor);
    }

    private final class WindowView implements StateTable<Keys.WindowKey, WindowState> {
        @Override
        public WindowState get(Keys.WindowKey key) {
            SensorRecord r = record(key.sensorId());
            return r == null ? null : r.window(key.definition(), key.startMs());
        }

        @Override
        public WindowState getForUpdate(Keys.WindowKey key) {
            countOnce();
            SensorRecord r = records.getForUpdate(key.sensorId()); // marks the record even on a miss: a put follows
            return r == null ? null : r.window(key.definition(), key.startMs());
        }

        @Override
        public void put(Keys.WindowKey key, WindowState value) {
            if (recordForUpdate(key.sensorId()).putWindow(key.definition(), key.startMs(), value)) {
                windowCount++;
            }
        }

        @Override
        public void remove(Keys.WindowKey key) {
            SensorRecord r = record(key.sensorId());
            if (r != null && r.window(key.definition(), key.startMs()) != null) {
                r = records.getForUpdate(key.sensorId());
                r.removeWindow(key.definition(), key.startMs());
                windowCount--;
                dropIfEmpty(key.sensorId(), r);
            }
        }

        @Override
        public void forEach(BiConsumer<? super Keys.WindowKey, ? super WindowState> action) {
            countOnce();
            records.forEach((sensor, r) -> {
                for (int i = 0; i < r.windowCount(); i++) {
                    action.accept(new Keys.WindowKey(r.windowDefinition(i), sensor, r.windowStart(i)), r.windowState(i));
                }
            });
        }

        @Override
        public int size() {
            return windowCount;
        }
    }

    private final class SessionView implements StateTable<Keys.SessionKey, SessionList> {
        @Override
        public SessionList get(Keys.SessionKey key) {
            SensorRecord r = record(key.sensorId());
            return r == null ? null : r.sessions(key.definition());
        }

        @Override
        public void put(Keys.SessionKey key, SessionList value) {
            if (recordForUpdate(key.sensorId()).putSessions(key.definition(), value)) {
                sessionCount++;
            }
        }

        @Override
        public void remove(Keys.SessionKey key) {
            SensorRecord r = record(key.sensorId());
            if (r != null && r.sessions(key.definition()) != null) {
                r = records.getForUpdate(key.sensorId());
                r.removeSessions(key.definition());
                sessionCount--;
                dropIfEmpty(key.sensorId(), r);
            }
        }

        @Override
        public void forEach(BiConsumer<? super Keys.SessionKey, ? super SessionList> action) {
            countOnce();
            records.forEach((sensor, r) -> {
                for (int i = 0; i < r.sessionDefinitionCount(); i++) {
                    action.accept(new Keys.SessionKey(r.sessionDefinition(i), sensor), r.sessionList(i));
                }
            });
        }

        @Override
        public int size() {
            return sessionCount;
        }
    }

    /** A view of one nullable field of the record, keyed by sensor id. */
    private abstract class SensorFieldView<V> implements StateTable<String, V> {
        private final Function<SensorRecord, V> read;
        private final BiFunction<SensorRecord, V, Void> write;

        SensorFieldView(Function<SensorRecord, V> read, BiFunction<SensorRecord, V, Void> write) {
            this.read = read;
            this.write = write;
        }

        abstract void count(int delta);

        @Override
        public V get(String sensor) {
            SensorRecord r = record(sensor);
            return r == null ? null : read.apply(r);
        }

        @Override
        public V getForUpdate(String sensor) {
            countOnce();
            SensorRecord r = records.getForUpdate(sensor); // marks the record even on a miss: a put follows
            return r == null ? null : read.apply(r);
        }

        @Override
        public void put(String sensor, V value) {
            SensorRecord r = recordForUpdate(sensor);
            if (read.apply(r) == null) {
                count(1);
            }
            write.apply(r, value);
        }

        @Override
        public void remove(String sensor) {
            SensorRecord r = record(sensor);
            if (r != null && read.apply(r) != null) {
                r = records.getForUpdate(sensor);
                write.apply(r, null);
                count(-1);
                dropIfEmpty(sensor, r);
            }
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super V> action) {
            countOnce();
            records.forEach((sensor, r) -> {
                V v = read.apply(r);
                if (v != null) {
                    action.accept(sensor, v);
                }
            });
        }
    }
}
