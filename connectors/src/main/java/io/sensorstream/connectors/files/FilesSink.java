package io.sensorstream.connectors.files;

import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.format.OutputRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes results and alerts as files: JSON lines (the records as published) or CSV (a header, RFC 4180 quoting), in
 * {@code <path>/<kind>/date=<yyyy-MM-dd>/<topic>-<partition>-<first offset>.<ext>}, where kind is {@code windows},
 * {@code jump-alerts} or {@code alert-events} and the date is the UTC day of the event time (window start, alert
 * time). Each batch writes one file per kind, day and source partition, under a hidden temporary name, synced, then
 * renamed into place: no half-written file is ever visible under its final name.
 *
 * <p>Files cannot be upserted, so exactly-once comes from the names: a batch starts at its partitions' committed
 * offsets, so a file is named after the first record at or after the committed offset with that kind and day, and a
 * batch replayed after a crash writes the same names again (replacing them), never a second copy. A window updated
 * later (revision 1, 2, …) appears again in a later file with its revision: readers keep the highest revision.
 */
public final class FilesSink implements Sink {

    /** Output format of the files. */
    public enum Format {
        JSONL("jsonl"), CSV("csv");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    private final String name;
    private final Path root;
    private final Format format;
    private final CsvRows csv;

    /** @param metrics and {@code percentiles} name the CSV columns of window results */
    public FilesSink(String name, Path root, Format format, List<String> metrics, List<Double> percentiles) {
        this.name = name;
        this.root = root;
        this.format = format;
        this.csv = new CsvRows(metrics, percentiles);
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
        Map<Path, List<SinkRecord>> files = new LinkedHashMap<>();
        Map<String, Path> firstOfGroup = new LinkedHashMap<>();
        for (SinkRecord r : batch) {
            String kind = kind(r.output());
            String day = Instant.ofEpochMilli(eventTime(r.output())).atZone(ZoneOffset.UTC).toLocalDate().toString();
            String group = kind + "/" + day + "/" + r.topic() + "-" + r.partition();
            Path file = firstOfGroup.computeIfAbsent(group, g -> root.resolve(kind).resolve("date=" + day)
                    .resolve(r.topic() + "-" + r.partition() + "-" + r.offset() + "." + format.extension));
            files.computeIfAbsent(file, f -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<Path, List<SinkRecord>> e : files.entrySet()) {
            writeAtomically(e.getKey(), e.getValue());
        }
    }

    private void writeAtomically(Path file, List<SinkRecord> records) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            if (format == Format.CSV) {
                out.write(csv.header(records.get(0).output()));
            }
            for (SinkRecord r : records) {
                if (format == Format.JSONL) {
                    out.write(r.value());
                    out.write('\n');
                } else {
                    out.write(csv.row(r.output()));
                }
            }
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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

    @Override
    public void close() {
        // every file is closed when its batch is written
    }
}
