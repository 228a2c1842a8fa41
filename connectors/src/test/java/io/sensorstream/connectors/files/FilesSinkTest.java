package io.sensorstream.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files sink: the layout by kind and UTC day, atomic files, CSV quoting, and exactly-once across a replay whose
 * batches are cut differently from the first attempt (as after a crash between a write and its offset commit).
 */
class FilesSinkTest {

    private static final long DAY1 = 1_700_006_400_000L; // 2023-11-15T00:00:00Z
    private static final long DAY2 = DAY1 + 86_400_000L;

    @TempDir
    Path dir;

    private static SinkRecord window(long offset, int partition, String sensor, long start, String tag) {
        MetricSummary m = new MetricSummary(2, 41, 20.5, 20, 21, 0.7, 20, 21, 0.03, List.of(20.5));
        OutputRecord.Window w = new OutputRecord.Window(sensor, "tumbling-1m", "tumbling", start, start + 60_000, EmitKind.FINAL, 0,
                start + 65_000, new WindowSummary(2, List.of(m), tag == null ? Map.of() : Map.of("site", tag)));
        byte[] json = ("{\"sensor_id\":\"" + sensor + "\",\"offset\":" + offset + "}").getBytes(StandardCharsets.UTF_8);
        return new SinkRecord(w, json, "sensor-readings-aggregated", partition, offset, start);
    }

    private List<String> allLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    @Test
    void aReplayCutIntoOtherBatchesRewritesTheSameFilesNeverASecondCopy() throws IOException {
        FilesSink sink = new FilesSink("files", dir, FilesSink.Settings.perBatch(FilesSink.Format.JSONL), List.of("temperature"), List.of(0.5));
        sink.open();
        List<SinkRecord> stream = new ArrayList<>();
        for (int o = 0; o < 40; o++) { // partition 0: days interleave; partition 1 alongside
            stream.add(window(o, 0, "s" + o % 3, (o % 5 == 0 ? DAY2 : DAY1) + o * 1_000L, null));
            stream.add(window(o, 1, "t" + o % 3, DAY1 + o * 1_000L, null));
        }
        sink.write(stream.subList(0, 20)); // committed
        sink.write(stream.subList(20, 70)); // written, then a crash before the offsets were committed
        sink.write(stream.subList(20, 36)); // the replay, from the committed offsets, cut differently
        sink.write(stream.subList(36, 80));
        List<String> lines = allLines();
        assertThat(lines).hasSize(80).doesNotHaveDuplicates();
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
            assertThat(names).allMatch(n -> n.startsWith("windows/date=2023-11-1"))
                    .contains("windows/date=2023-11-15/sensor-readings-aggregated-0-1.jsonl",
                            "windows/date=2023-11-16/sensor-readings-aggregated-0-0.jsonl")
                    .noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void csvHasAHeaderAndQuotesWhatNeedsIt() throws IOException {
        FilesSink sink = new FilesSink("files", dir, FilesSink.Settings.perBatch(FilesSink.Format.CSV), List.of("temperature"), List.of(0.5));
        sink.write(List.of(window(7, 2, "boiler,\"north\"", DAY1, "b"),
                new SinkRecord(new OutputRecord.Jump(new JumpAlert("s1", "temperature", 30, 20, 10, 5, DAY1 + 5_000, DAY1), DAY1 + 9_000),
                        new byte[0], "sensor-alerts", 0, 3, DAY1)));
        List<String> windows = Files.readAllLines(dir.resolve("windows/date=2023-11-15/sensor-readings-aggregated-2-7.csv"));
        assertThat(windows.get(0)).isEqualTo("sensor_id,window_name,window_kind,window_start_utc,window_end_utc,emit,revision,"
                + "count_readings,processing_time_utc,avg_temperature,max_temperature,min_temperature,count_temperature,"
                + "sum_temperature,stddev_temperature,first_temperature,last_temperature,rate_temperature,p50_temperature,tags");
        assertThat(windows.get(1)).isEqualTo("\"boiler,\"\"north\"\"\",tumbling-1m,tumbling,2023-11-15T00:00:00Z,"
                + "2023-11-15T00:01:00Z,final,0,2,2023-11-15T00:01:05Z,20.5,21.0,20.0,2,41.0,0.7,20.0,21.0,0.03,20.5,site=b");
        assertThat(Files.readString(dir.resolve("jump-alerts/date=2023-11-15/sensor-alerts-0-3.csv")))
                .endsWith("s1,temperature,2023-11-15T00:00:05Z,30.0,20.0,10.0,5.0,2023-11-15T00:00:00Z,2023-11-15T00:00:09Z\r\n");
    }

    @Test
    void aDirectoryItMayNotWriteIsPermanentAFullDiskTransient() throws IOException {
        FilesSink sink = new FilesSink("files", dir, FilesSink.Settings.perBatch(FilesSink.Format.JSONL), List.of("temperature"), List.of());
        assertThat(sink.isTransient(new AccessDeniedException("/x"))).isFalse();
        assertThat(sink.isTransient(new IOException("No space left on device"))).isTrue();
    }

    private List<String> finishedNames() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void filesRollAcrossBatchesByAgeAndOffsetsAreCommittableOnlyOnceTheirFileIsFinished() throws IOException {
        long[] now = {0};
        FilesSink sink = new FilesSink("files", dir, new FilesSink.Settings(FilesSink.Format.JSONL, FilesSink.Compression.SNAPPY,
                Long.MAX_VALUE, Duration.ofSeconds(60)), List.of("temperature"), List.of(0.5), () -> now[0]);
        sink.open();
        TopicPartition p0 = new TopicPartition("sensor-readings-aggregated", 0);
        sink.write(List.of(window(10, 0, "a", DAY1, null), window(11, 0, "b", DAY2, null)));
        now[0] = 30_000;
        sink.write(List.of(window(12, 0, "c", DAY1 + 1_000, null)));
        assertThat(sink.committable(Map.of(p0, 13L))).as("nothing finished yet: replay from the open files' first offset")
                .containsEntry(p0, 10L);
        assertThat(finishedNames()).allMatch(n -> n.contains("/.") && n.endsWith(".tmp"));
        now[0] = 60_000;
        sink.idle(); // no records for a while: the files are due by age
        assertThat(finishedNames()).containsExactly("windows/date=2023-11-15/sensor-readings-aggregated-0-10.jsonl",
                "windows/date=2023-11-16/sensor-readings-aggregated-0-11.jsonl");
        assertThat(sink.committable(Map.of(p0, 13L))).containsEntry(p0, 13L);
        assertThat(allLines()).hasSize(3);
    }

    @Test
    void aCrashWithFilesOpenLeavesNoTraceTheReplayWritesEachRecordOnce() throws IOException {
        long[] now = {0};
        FilesSink.Settings rolling = new FilesSink.Settings(FilesSink.Format.CSV, FilesSink.Compression.SNAPPY, 600,
                Duration.ofSeconds(60));
        FilesSink first = new FilesSink("files", dir, rolling, List.of("temperature"), List.of(0.5), () -> now[0]);
        first.open();
        TopicPartition p0 = new TopicPartition("sensor-readings-aggregated", 0);
        List<SinkRecord> stream = new ArrayList<>();
        for (int o = 0; o < 30; o++) stream.add(window(o, 0, "s" + o % 4, (o % 3 == 0 ? DAY2 : DAY1) + o * 1_000L, null));
        first.write(stream.subList(0, 12)); // rolls by size on the way (600 bytes)
        long committed = first.committable(Map.of(p0, 12L)).get(p0);
        assertThat(committed).as("some files finished by size, the rest still open").isBetween(1L, 11L);
        first.write(stream.subList(12, 20)); // then the process dies: open files are left as temporary files
        FilesSink second = new FilesSink("files", dir, rolling, List.of("temperature"), List.of(0.5), () -> now[0]);
        second.open();
        second.write(stream.subList((int) committed, 30)); // the restart reads from the committed offset
        now[0] = 60_000;
        second.idle();
        assertThat(finishedNames()).noneMatch(n -> n.endsWith(".tmp"));
        List<String> rows = allLines().stream().filter(l -> !l.startsWith("sensor_id,")).toList();
        assertThat(rows).hasSize(30).doesNotHaveDuplicates();
        assertThat(second.committable(Map.of(p0, 30L))).containsEntry(p0, 30L);
    }

    @Test
    void revokedPartitionsDropTheirOpenFilesForTheNextOwner() throws IOException {
        FilesSink sink = new FilesSink("files", dir, new FilesSink.Settings(FilesSink.Format.JSONL, FilesSink.Compression.SNAPPY,
                Long.MAX_VALUE, Duration.ofHours(1)), List.of("temperature"), List.of(), () -> 0L);
        sink.write(List.of(window(5, 0, "a", DAY1, null), window(7, 1, "b", DAY1, null)));
        sink.revoked(List.of(new TopicPartition("sensor-readings-aggregated", 0)));
        assertThat(finishedNames()).singleElement().satisfies(n -> assertThat(n).contains("-1-7.jsonl.tmp"));
        sink.close();
        assertThat(finishedNames()).isEmpty();
    }
}
