package io.sensorstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The per-sensor views over one record per sensor: what a change marks, when a record goes, what the sizes say. */
class SensorTablesTest {

    /** A table that logs which keys were marked changed or removed, as a durable store would persist them. */
    private static final class LoggingTable implements StateTable<String, SensorRecord> {
        final Map<String, SensorRecord> map = new HashMap<>();
        final List<String> log = new ArrayList<>();

        @Override
        public SensorRecord get(String key) {
            return map.get(key);
        }

        @Override
        public SensorRecord getForUpdate(String key) {
            SensorRecord r = map.get(key);
            if (r != null) log.add("changed " + key);
            return r;
        }

        @Override
        public void put(String key, SensorRecord value) {
            map.put(key, value);
            log.add("changed " + key);
        }

        @Override
        public void remove(String key) {
            map.remove(key);
            log.add("removed " + key);
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super SensorRecord> action) {
            map.forEach(action);
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    @Test
    void everyTableOfASensorIsOneRecordThatGoesWhenEmpty() {
        LoggingTable records = new LoggingTable();
        AnalyticsState state = new AnalyticsState(records, new MemoryTable<>(), new MemoryTable<>());
        Keys.WindowKey w0 = new Keys.WindowKey(0, "s1", 60_000);
        Keys.WindowKey w1 = new Keys.WindowKey(1, "s1", 60_000);
        state.windows().put(w0, new WindowState(1, false));
        state.windows().put(w1, new WindowState(1, false));
        state.sessions().put(new Keys.SessionKey(2, "s1"), new SessionList());
        state.lastReadings().put("s1", new LastReading(1));
        state.windows().put(new Keys.WindowKey(0, "s2", 0), new WindowState(1, false));

        assertThat(records.map).containsOnlyKeys("s1", "s2");
        assertThat(state.windows().size()).isEqualTo(3);
        assertThat(state.sessions().size()).isEqualTo(1);
        assertThat(state.lastReadings().size()).isEqualTo(1);
        assertThat(state.detectors().size()).isZero();
        assertThat(state.windows().get(w1)).isSameAs(records.map.get("s1").window(1, 60_000));

        records.log.clear();
        assertThat(state.windows().get(w0)).isNotNull();
        assertThat(records.log).as("reading marks nothing").isEmpty();
        state.windows().getForUpdate(w0);
        assertThat(records.log).containsExactly("changed s1");

        records.log.clear();
        state.windows().remove(w0);
        state.windows().remove(w1);
        state.sessions().remove(new Keys.SessionKey(2, "s1"));
        assertThat(records.map).as("the last reading still lives in it").containsKey("s1");
        state.lastReadings().remove("s1");
        assertThat(records.map).containsOnlyKeys("s2");
        assertThat(records.log).endsWith("removed s1");
        state.windows().remove(new Keys.WindowKey(0, "s9", 0));
        state.lastReadings().remove("s2");
        assertThat(records.log).as("removing what is not there changes nothing").doesNotContain("changed s9", "changed s2");
        assertThat(state.windows().size()).isEqualTo(1);
        assertThat(state.lastReadings().size()).isZero();
    }

    @Test
    void viewsVisitEveryEntryAndCountRestoredRecords() {
        MemoryTable<String, SensorRecord> records = new MemoryTable<>();
        SensorRecord r = new SensorRecord();
        r.putWindow(0, 0, new WindowState(1, false));
        r.putWindow(0, 60_000, new WindowState(1, false));
        r.last(new LastReading(1));
        records.put("s1", r);
        SensorRecord onlySessions = new SensorRecord();
        onlySessions.putSessions(1, new SessionList());
        records.put("s2", onlySessions);
        AnalyticsState state = new AnalyticsState(records, new MemoryTable<>(), new MemoryTable<>());

        List<Keys.WindowKey> windows = new ArrayList<>();
        state.windows().forEach((k, v) -> windows.add(k));
        assertThat(windows).containsExactlyInAnyOrder(new Keys.WindowKey(0, "s1", 0), new Keys.WindowKey(0, "s1", 60_000));
        List<String> last = new ArrayList<>();
        state.lastReadings().forEach((k, v) -> last.add(k));
        assertThat(last).containsExactly("s1");
        assertThat(state.windows().size()).isEqualTo(2);
        assertThat(state.sessions().size()).isEqualTo(1);
        assertThat(state.lastReadings().size()).isEqualTo(1);
    }

    @Test
    void aRecordKeepsItsWindowsInOrderThroughRemovals() {
        SensorRecord r = new SensorRecord();
        for (int i = 0; i < 7; i++) {
            assertThat(r.putWindow(1, i * 10_000L, new WindowState(1, false))).isTrue();
        }
        assertThat(r.putWindow(1, 20_000L, new WindowState(1, false))).as("replacing is not adding").isFalse();
        assertThat(r.removeWindow(1, 0)).isTrue();
        assertThat(r.removeWindow(1, 0)).isFalse();
        assertThat(r.removeWindow(0, 30_000)).as("another definition").isFalse();
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < r.windowCount(); i++) starts.add(r.windowStart(i));
        assertThat(starts).containsExactly(10_000L, 20_000L, 30_000L, 40_000L, 50_000L, 60_000L);
    }
}
