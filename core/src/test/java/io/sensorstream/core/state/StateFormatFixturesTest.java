package io.sensorstream.core.state;

import java.util.Arrays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.DetectorCatalog;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.detect.SensorDetectors;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.window.WindowDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upgrade path of stored state: committed encodings of every stored value type, in the version each codec writes
 * today, must decode to the state that made them and re-encode to the same bytes; fixtures of older versions stay and
 * must still decode. A change that breaks an existing format fails here; a new format needs a new version and keeps
 * reading the old one.
 *
 * <p>The fixtures are made by a deterministic run of the engine; {@code -Dstate.fixtures.write=DIR} writes them anew
 * (only when a new format version is added, never to paper over a break).
 */
class StateFormatFixturesTest {

    private static final long T0 = 1_700_000_000_000L;

    /** The state after a fixed run: two window kinds, a session, detectors, pending readings. */
    private static AnalyticsState state() {
        DetectorCatalog catalog = DetectorCatalog.standard();
        DetectionPlan plan = plan(catalog);
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withDetection(plan)
                .withWindows(List.of(WindowDefinition.tumbling(Duration.ofMinutes(1)), WindowDefinition.session(Duration.ofSeconds(30))));
        AnalyticsState state = AnalyticsState.inMemory();
        PartitionAnalytics engine = new PartitionAnalytics(spec, state, new AnalyticsOutput() { });
        for (int i = 0; i < 200; i++) {
            double v = 20 + (i % 13) * 0.25 + (i == 150 ? 30 : 0);
            engine.onReading(new Reading("sensor-" + i % 2, T0 + i * 700L, new double[] {v}, Map.of("site", "b")));
        }
        return state;
    }

    private static DetectionPlan plan(DetectorCatalog catalog) {
        return new DetectionPlan(List.of(new DetectorSet("*", List.of(catalog.create("ewma", Map.of("warmup", 10), 1),
                catalog.create("range", Map.of("max", 40), 1), catalog.create("flatline", Map.of(), 1)))), 60_000,
                new AlertLifecycle(3, 0), "fixtures");
    }

    private static final Map<String, VersionedCodec<?>> CODECS = Map.of(
            "window-state", StateCodecs.windowState(),
            "session-list", StateCodecs.sessionList(),
            "last-reading", StateCodecs.lastReading(),
            "pending-bucket", StateCodecs.pendingBucket(),
            "sensor-detectors", StateCodecs.detectors(plan(DetectorCatalog.standard())),
            "sensor-record", StateCodecs.sensorRecord(plan(DetectorCatalog.standard())),
            "progress", StateCodecs.PROGRESS);

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, byte[]> encodings() {
        AnalyticsState s = state();
        var window = s.windows().get(new Keys.WindowKey(0, "sensor-1", (T0 + 199 * 700L) / 60_000 * 60_000));
        var sessions = s.sessions().get(new Keys.SessionKey(1, "sensor-0"));
        PendingBucket[] bucket = new PendingBucket[1];
        s.pending().forEach((k, b) -> { if (bucket[0] == null || k > bucket[0].startMs()) bucket[0] = b; });
        assertThat(window).isNotNull();
        assertThat(sessions).isNotNull();
        assertThat(bucket[0]).isNotNull();
        return Map.of(
                "window-state", ((VersionedCodec) CODECS.get("window-state")).encode(window),
                "session-list", ((VersionedCodec) CODECS.get("session-list")).encode(sessions),
                "last-reading", ((VersionedCodec) CODECS.get("last-reading")).encode(s.lastReadings().get("sensor-0")),
                "pending-bucket", StateCodecs.pendingBucket().encode(bucket[0]),
                "sensor-detectors", ((VersionedCodec) CODECS.get("sensor-detectors")).encode(s.detectors().get("sensor-0")),
                "sensor-record", ((VersionedCodec) CODECS.get("sensor-record")).encode(s.sensors().get("sensor-0")),
                "progress", StateCodecs.PROGRESS.encode(s.progress().get(AnalyticsState.MAX_EVENT_TIME)));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void committedEncodingsDecodeAndReencodeToTheSameBytes() throws IOException {
        Map<String, byte[]> now = encodings();
        String write = System.getProperty("state.fixtures.write");
        if (write != null) {
            for (var e : now.entrySet()) {
                Files.write(Path.of(write, e.getKey() + ".v" + CODECS.get(e.getKey()).version() + ".bin"), e.getValue());
            }
        }
        for (var e : CODECS.entrySet()) {
            VersionedCodec codec = e.getValue();
            String name = e.getKey() + ".v" + codec.version() + ".bin";
            byte[] fixture = fixture(name);
            assertThat(fixture[0]).as("%s starts with its version", name).isEqualTo((byte) codec.version());
            Object decoded = codec.decode(fixture);
            assertThat(codec.encode(decoded)).as("%s re-encodes to the committed bytes", name).isEqualTo(fixture);
            assertThat(now.get(e.getKey())).as("%s: today's encoding of the same state is byte for byte the fixture", name)
                    .isEqualTo(fixture);
        }
        SensorDetectors d = (SensorDetectors) CODECS.get("sensor-detectors").decode(fixture("sensor-detectors.v1.bin"));
        assertThat(d.lastSeenMs()).as("released up to the watermark, 5 s behind").isEqualTo(T0 + 190 * 700L);
        assertThat((Long) StateCodecs.PROGRESS.decode(fixture("progress.v1.bin"))).isEqualTo(T0 + 199 * 700L);
        SensorRecord record = (SensorRecord) CODECS.get("sensor-record").decode(fixture("sensor-record.v3.bin"));
        assertThat(record.windowCount()).as("sensor-0's open tumbling window").isEqualTo(1);
        assertThat(record.sessions(1)).as("its session list").isNotNull();
        assertThat(record.last().time(0)).isEqualTo(T0 + 190 * 700L);
        assertThat(record.detectors().lastSeenMs()).isEqualTo(T0 + 190 * 700L);
        WindowState w = StateCodecs.windowState().decode(fixture("window-state.v3.bin"));
        assertThat(w.tags()).isEqualTo(Map.of("site", "b"));
        assertThat(w.readings()).isPositive();
    }

    /**
     * window-state, session-list and sensor-record v1 (exact quantile values stored as doubles) and v2 (as raw shorts in
     * arrival order, fixed-width headers) still decode, to the state v3 stores (values sorted, stored as gaps; varint
     * headers): re-encoded, each is byte for byte its v3 fixture, which is the smallest.
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void windowFormatsV1AndV2DecodeToTheSameStateAsV3() throws IOException {
        for (String format : List.of("window-state", "session-list", "sensor-record")) {
            VersionedCodec codec = CODECS.get(format);
            byte[] v3 = fixture(format + ".v3.bin");
            for (int version = 1; version <= 2; version++) {
                byte[] older = fixture(format + ".v" + version + ".bin");
                assertThat(older[0]).isEqualTo((byte) version);
                assertThat(older.length).as("%s v%d is larger than v3", format, version).isGreaterThan(v3.length);
                assertThat(codec.encode(codec.decode(older))).as("%s v%d re-encoded", format, version).isEqualTo(v3);
            }
        }
        double[] ps = {0.5, 0.95, 0.99};
        WindowState w3 = StateCodecs.windowState().decode(fixture("window-state.v3.bin"));
        for (int version = 1; version <= 2; version++) {
            WindowState w = StateCodecs.windowState().decode(fixture("window-state.v" + version + ".bin"));
            assertThat(w.metric(0).summary(ps)).isEqualTo(w3.metric(0).summary(ps));
        }
    }

    /** last-reading v1 (fixed-width times and doubles) decodes to what v2 stores (varints, short decimals), in fewer bytes. */
    @Test
    void lastReadingV1DecodesToTheSameAsV2() throws IOException {
        byte[] v1 = fixture("last-reading.v1.bin");
        byte[] v2 = fixture("last-reading.v2.bin");
        assertThat(v1[0]).isEqualTo((byte) 1);
        LastReading old = StateCodecs.lastReading().decode(v1);
        LastReading now = StateCodecs.lastReading().decode(v2);
        assertThat(old.time(0)).isEqualTo(now.time(0));
        assertThat(Double.doubleToRawLongBits(old.value(0))).isEqualTo(Double.doubleToRawLongBits(now.value(0)));
        assertThat(StateCodecs.lastReading().encode(old)).isEqualTo(v2);
        assertThat(v2.length).isLessThan(v1.length);
    }

    /**
     * pending-bucket v1 (sequence numbers, per-entry value counts, tags) and v2 (fixed-width ids, times and doubles)
     * still decode, to the bucket v3 stores: re-encoded, each is byte for byte the v3 fixture, which is smaller.
     */
    @Test
    void pendingBucketV1AndV2DecodeToTheSameBucketAsV3() throws IOException {
        PendingBucket v3 = StateCodecs.pendingBucket().decode(fixture("pending-bucket.v3.bin"));
        assertThat(v3.size()).isPositive();
        for (String older : List.of("pending-bucket.v1.bin", "pending-bucket.v2.bin")) {
            PendingBucket b = StateCodecs.pendingBucket().decode(fixture(older));
            assertThat(b.size()).as(older).isEqualTo(v3.size());
            assertThat(b.startMs()).isEqualTo(v3.startMs());
            assertThat(b.sizeMs()).isEqualTo(v3.sizeMs());
            for (int i = 0; i < b.size(); i++) {
                assertThat(b.sensorId(i)).isEqualTo(v3.sensorId(i));
                assertThat(b.eventTimeMs(i)).isEqualTo(v3.eventTimeMs(i));
                assertThat(b.values(i)).isEqualTo(v3.values(i));
            }
            assertThat(StateCodecs.pendingBucket().encode(b)).as("%s re-encoded as v3", older)
                    .isEqualTo(fixture("pending-bucket.v3.bin"));
            assertThat(fixture(older).length).isGreaterThan(fixture("pending-bucket.v3.bin").length);
        }
    }

    /**
     * v3 stores a value as a scaled decimal when that gives it back bit for bit, else as a double: every value
     * survives exactly, short decimals (what sensors send) in 3 bytes instead of 8.
     */
    @Test
    void pendingValuesRoundTripBitForBitAndShortDecimalsAreSmall() {
        double[] awkward = {20.55, -20.55, 0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                0.1 + 0.2, 1e300, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE, 123456.789012, 1e15, 1e16, -5,
                9.999999999, 273.15, -273.15, 1.0 / 3};
        PendingBucket bucket = new PendingBucket(T0, 1_000);
        for (int i = 0; i < awkward.length; i++) {
            bucket.add("s-" + i, T0 + 999 - i * 40L, new double[] {awkward[i]}); // the last ones before the start
        }
        PendingBucket back = StateCodecs.pendingBucket().decode(StateCodecs.pendingBucket().encode(bucket));
        for (int i = 0; i < awkward.length; i++) {
            assertThat(Double.doubleToRawLongBits(back.value(i, 0))).as("value %s", awkward[i])
                    .isEqualTo(Double.doubleToRawLongBits(awkward[i]));
            assertThat(back.eventTimeMs(i)).isEqualTo(T0 + 999 - i * 40L);
            assertThat(back.sensorId(i)).isEqualTo("s-" + i);
        }
        assertThat(size(20.55)).as("m = 2055, d = 2: a 3-byte varint").isEqualTo(3);
        assertThat(size(5)).as("zigzag(5) << 3 = 80").isEqualTo(1);
        assertThat(size(1.0 / 3)).as("no short decimal: marker + double").isEqualTo(9);
        assertThat(size(-0.0)).as("-0.0 is not 0 / 1").isEqualTo(9);
    }

    private static int size(double value) {
        BinaryWriter out = new BinaryWriter(16);
        out.putDecimal(value);
        return out.length();
    }

    /** A bucket that fills over several commits is encoded by appending: the bytes equal a fresh encoding's. */
    @Test
    void aPendingBucketEncodedIncrementallyEqualsAFreshEncoding() {
        PendingBucket bucket = new PendingBucket(T0, 1_000);
        VersionedCodec<PendingBucket> codec = StateCodecs.pendingBucket();
        bucket.add("s-1", T0 + 10, new double[] {20.5});
        codec.encode(bucket);
        bucket.add("s-3", T0 + 15, new double[] {22.5});
        bucket.add("s-1", T0 + 5, new double[] {19.0});
        byte[] appended = codec.encode(bucket);
        assertThat(appended).isEqualTo(StateCodecs.pendingBucket().encode(copy(bucket)));
        bucket.add("s-2", T0 + 20, new double[] {21.5, 7}); // one more metric: the bucket widens, encoded afresh
        byte[] widened = codec.encode(bucket);
        assertThat(widened).isEqualTo(StateCodecs.pendingBucket().encode(copy(bucket)));
        PendingBucket back = codec.decode(widened);
        assertThat(back.size()).isEqualTo(4);
        assertThat(back.width()).isEqualTo(2);
        assertThat(back.sensorId(2)).isEqualTo("s-1");
        assertThat(back.eventTimeMs(2)).isEqualTo(T0 + 5);
        assertThat(back.values(0)).containsExactly(20.5, Double.NaN);
        assertThat(back.values(3)).containsExactly(21.5, 7.0);
        assertThat(back.endMs()).isEqualTo(T0 + 1_000);
    }

    private static PendingBucket copy(PendingBucket b) {
        PendingBucket fresh = new PendingBucket(b.startMs(), b.sizeMs());
        for (int i = 0; i < b.size(); i++) fresh.add(b.sensorId(i), b.eventTimeMs(i), b.values(i));
        return fresh;
    }

    @Test
    void aFormatFromANewerBuildIsAClearErrorNeverAMisread() {
        byte[] v9 = StateCodecs.windowState().encode(new WindowState(1, false));
        v9[0] = 9;
        assertThatThrownBy(() -> StateCodecs.windowState().decode(v9)).isInstanceOf(StateFormatException.class)
                .hasMessageContaining("window-state: stored format version 9 is not known to this build (it reads versions 1 to 3)");
        byte[] cut = StateCodecs.lastReading().encode(new LastReading(3));
        assertThatThrownBy(() -> StateCodecs.lastReading().decode(Arrays.copyOf(cut, cut.length - 4)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("last-reading v2: corrupt value");
        assertThatThrownBy(() -> StateCodecs.PROGRESS.decode(new byte[0])).hasMessageContaining("progress: empty value");
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = StateFormatFixturesTest.class.getResourceAsStream("/state-fixtures/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
