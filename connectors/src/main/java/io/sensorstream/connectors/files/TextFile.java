package io.sensorstream.connectors.files;

import io.sensorstream.connectors.sink.SinkRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/** A JSON-lines or CSV file being written under its temporary name: one encoded line per record. */
final class TextFile implements FilesSink.OpenFile {

    private final Path tmp;
    private final Path target;
    private final Function<SinkRecord, byte[]> line;
    private final FileChannel channel;
    private final OutputStream out;
    private long bytes;

    /** @param header written first (the CSV header), or null */
    TextFile(Path tmp, Path target, byte[] header, Function<SinkRecord, byte[]> line) throws IOException {
        this.tmp = tmp;
        this.target = target;
        this.line = line;
        this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        if (header != null) {
            out.write(header);
            bytes += header.length;
        }
    }

    @Override
    public void write(SinkRecord r) throws IOException {
        byte[] b = line.apply(r);
        out.write(b);
        bytes += b.length;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void finish() throws IOException {
        out.flush();
        channel.force(true);
        out.close();
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void abandon() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted anyway
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a leftover hidden temporary file is replaced by the replay
        }
    }
}
