package io.sensorstream.connectors.files;

import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.format.OutputRecord;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes results and alerts as files: JSON lines (the records as published), CSV (a header, RFC 4180 quoting) or
 * Parquet (typed columns, Snappy or ZSTD), in {@code <path>/<kind>/date=<yyyy-MM-dd>/<topic>-<partition>-<first
 * offset>.<ext>}, where kind is {@code windows}, {@code jump-alerts} or {@code alert-events} and the date is the UTC day
 * of the event time (window start, alert time).
 *
 * <p><b>Rolling.</b> Each source partition has a set of open files, one per kind and day, written under hidden
 * temporary names. The set rolls together when its bytes reach {@code rollBytes} or it is {@code rollInterval} old
 * (checked after each batch and when no records come; {@code 0s}: at the end of every batch): each file is finished,
 * synced and renamed into place, so no half-written file is ever visible under its final name.
 *
 * <p><b>Exactly once</b> comes from the names, since files cannot be upserted. The offset committed for a partition is
 * the first offset of its open set ({@link #committable}); everything before it is in finished files. After a crash
 * the sink reads again from that offset, so each file of the new set is named after the same first record as the lost
 * one and replaces its temporary file; finished files are never written twice. Rolling a partition's files together is
 * what makes this hold with several days open at once. A window updated later (revision 1, 2, …) appears again in a
 * later file with its revision: readers keep the highest revision.
 */
public final class FilesSink implements Sink {

    /** Output format of the files. */
    public enum Format {
        JSONL("jsonl"), CSV("csv"), PARQUET("parquet");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    /** Parquet compression. */
    public enum Compression {
        SNAPPY, ZSTD, UNCOMPRESSED
    }

    /**
     * @param rollBytes    a partition's open files roll when together this large (Parquet: bytes buffered and written)
     * @param rollInterval ... or this old; zero: at the end of every batch
     */
    public record Settings(Format format, Compression compression, long rollBytes, Duration rollInterval) {
        /** A file per batch and partition (the settings of the tests that replay batch by batch). */
        public static Settings perBatch(Format format) {
            return new Settings(format, Compression.SNAPPY, Long.MAX_VALUE, Duration.ZERO);
        }
    }

    /** A file being written under its temporary name. */
    interface OpenFile {
        void write(SinkRecord r) throws IOException;

        long bytes();

        /** Finishes and syncs the temporary file, then renames it to its final name. */
        void finish() throws IOException;

        /** Closes and deletes the temporary file. */
        void abandon();
    }

    /** The open files of one source partition and the first offset they hold. */
    private static final class OpenSet {
        final long firstOffset;
        final long openedAtMs;
        final Map<String, OpenFile> files = new LinkedHashMap<>();

        OpenSet(long firstOffset, long openedAtMs) {
            this.firstOffset = firstOffset;
            this.openedAtMs = openedAtMs;
        }

        long bytes() {
            long b = 0;
            for (OpenFile f : files.values()) b += f.bytes();
            return b;
        }
    }

    private final String name;
    private final Path root;
    private final Settings settings;
    private final CsvRows csv;
    private final ParquetRows parquet;
    private final LongSupplier clockMs;
    private final Map<TopicPartition, OpenSet> open = new HashMap<>();

    /** @param metrics and {@code percentiles} name the columns of window results */
    public FilesSink(String name, Path root, Settings settings, List<String> metrics, List<Double> percentiles) {
        this(name, root, settings, metrics, percentiles, System::currentTimeMillis);
    }

    FilesSink(String name, Path root, Settings settings, List<String> metrics, List<Double> percentiles, LongSupplier clockMs) {
        this.name = name;
        this.root = root;
        this.settings = settings;
        this.csv = new CsvRows(metrics, percentiles);
        this.parquet = settings.format() == Format.PARQUET ? new ParquetRows(metrics, percentiles) : null;
        this.clockMs = clockMs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() throws IOException {
        Files.createDirectories(root);
        if (!Files.isWritable(root)) {
            throw new AccessDeniedException(root.toString(), null, "the files sink cannot write there");
        }
    }

    @Override
    public void write(List<SinkRecord> batch) throws IOException {
        long now = clockMs.getAsLong();
        for (SinkRecord r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            OpenSet set = open.computeIfAbsent(tp, p -> new OpenSet(r.offset(), now));
            String kind = kind(r.output());
            String day = Instant.ofEpochMilli(eventTime(r.output())).atZone(ZoneOffset.UTC).toLocalDate().toString();
            OpenFile file = set.files.get(kind + "/" + day);
            if (file == null) {
                Path path = root.resolve(kind).resolve("date=" + day)
                        .resolve(r.topic() + "-" + r.partition() + "-" + r.offset() + "." + settings.format().extension);
                file = create(path, r);
                set.files.put(kind + "/" + day, file);
            }
            file.write(r);
            if (set.bytes() >= settings.rollBytes()) {
                roll(tp);
            }
        }
        rollDue(now);
    }

    private OpenFile create(Path path, SinkRecord first) throws IOException {
        Files.createDirectories(path.getParent());
        Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
        return switch (settings.format()) {
            case JSONL -> new TextFile(tmp, path, null, r -> concat(r.value(), '\n'));
            case CSV -> new TextFile(tmp, path, csv.header(first.output()), r -> csv.row(r.output()));
            case PARQUET -> new ParquetFile(tmp, path, parquet, parquet.schema(first.output()), settings.compression(),
                    settings.rollBytes());
        };
    }

    private static byte[] concat(byte[] value, char end) {
        byte[] line = new byte[value.length + 1];
        System.arraycopy(value, 0, line, 0, value.length);
        line[value.length] = (byte) end;
        return line;
    }

    /** Rolls the partitions whose open files are due by age. */
    private void rollDue(long now) throws IOException {
        List<TopicPartition> due = new ArrayList<>();
        open.forEach((tp, set) -> {
            if (now - set.openedAtMs >= settings.rollInterval().toMillis()) due.add(tp);
        });
        for (TopicPartition tp : due) roll(tp);
    }

    private void roll(TopicPartition tp) throws IOException {
        OpenSet set = open.get(tp);
        for (OpenFile f : set.files.values()) {
            f.finish();
        }
        open.remove(tp);
    }

    /** Finishes every open file now, whatever its size or age (benchmarks, tests). */
    public void finishAll() throws IOException {
        for (TopicPartition tp : List.copyOf(open.keySet())) roll(tp);
    }

    @Override
    public Map<TopicPartition, Long> committable(Map<TopicPartition, Long> written) {
        if (open.isEmpty()) {
            return written;
        }
        Map<TopicPartition, Long> safe = new HashMap<>(written);
        open.forEach((tp, set) -> safe.put(tp, set.firstOffset));
        return safe;
    }

    @Override
    public void idle() throws IOException {
        rollDue(clockMs.getAsLong());
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            OpenSet set = open.remove(tp);
            if (set != null) set.files.values().forEach(OpenFile::abandon);
        }
    }

    static String kind(OutputRecord r) {
        if (r instanceof OutputRecord.Window) return "windows";
        if (r instanceof OutputRecord.Jump) return "jump-alerts";
        return "alert-events";
    }

    private static long eventTime(OutputRecord r) {
        if (r instanceof OutputRecord.Window w) return w.startMs();
        if (r instanceof OutputRecord.Jump j) return j.alert().eventTimeMs();
        return ((OutputRecord.Event) r).event().eventTimeMs();
    }

    /** Transient: a full disk or a file system that went away; permanent: no permission, no such directory. */
    @Override
    public boolean isTransient(Exception failure) {
        if (failure instanceof AccessDeniedException || failure instanceof NoSuchFileException) {
            return false;
        }
        if (failure instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().toLowerCase(Locale.ROOT).contains("read-only")) {
            return false;
        }
        return failure instanceof IOException;
    }

    /**
     * Drops the open files: their records were not committed, so the next reader of their partitions (this sink after
     * a restart, or another instance of the group) writes them again under the same names.
     */
    @Override
    public void close() {
        revoked(List.copyOf(open.keySet()));
    }
}
