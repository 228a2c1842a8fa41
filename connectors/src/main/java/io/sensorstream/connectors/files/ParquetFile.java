package io.sensorstream.connectors.files;

import io.sensorstream.connectors.sink.SinkRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import io.sensorstream.core.format.OutputRecord;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file being written under its temporary name. The writer keeps a row group in memory until it is full or
 * the file is finished; the row group is capped at 8 MiB (or the roll size), which bounds the memory of each open file.
 */
final class ParquetFile implements FilesSink.OpenFile {

    private static final long MAX_ROW_GROUP = 8L << 20;

    private final Path tmp;
    private final Path target;
    private final ParquetWriter<OutputRecord> writer;

    ParquetFile(Path tmp, Path target, ParquetRows rows, MessageType schema, FilesSink.Compression compression, long rollBytes)
            throws IOException {
        this.tmp = tmp;
        this.target = target;
        this.writer = new Builder(new LocalOutputFile(tmp), rows, schema)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.valueOf(compression.name()))
                .withRowGroupSize(Math.min(MAX_ROW_GROUP, Math.max(1L << 20, rollBytes)))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    @Override
    public void write(SinkRecord r) throws IOException {
        writer.write(r.output());
    }

    @Override
    public long bytes() {
        return writer.getDataSize();
    }

    @Override
    public void finish() throws IOException {
        writer.close(); // writes the last row group and the footer
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void abandon() {
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // the file is deleted anyway
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a leftover hidden temporary file is replaced by the replay
        }
    }

    /** Output records straight into Parquet's record consumer ({@link ParquetRows#write}). */
    private static final class RowWriteSupport extends WriteSupport<OutputRecord> {
        private final ParquetRows rows;
        private final MessageType schema;
        private RecordConsumer consumer;

        RowWriteSupport(ParquetRows rows, MessageType schema) {
            this.rows = rows;
            this.schema = schema;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(OutputRecord record) {
            rows.write(consumer, record);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<OutputRecord, Builder> {
        private final ParquetRows rows;
        private final MessageType schema;

        Builder(OutputFile file, ParquetRows rows, MessageType schema) {
            super(file);
            this.rows = rows;
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<OutputRecord> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(rows, schema);
        }

        @Override
        protected WriteSupport<OutputRecord> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(rows, schema);
        }
    }
}
