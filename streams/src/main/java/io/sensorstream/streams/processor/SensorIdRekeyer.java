package io.sensorstream.streams.processor;

import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys raw records by the sensor id inside them, for input whose producer keys by something else (or nothing): the
 * repartition topic then brings each sensor's readings to one partition, hence one task. Value and timestamp are kept;
 * the raw record's topic, partition and offset travel in headers, so dead-letter and late records still point at the
 * input. A record without a valid reading keeps its key: the analytics step sends it to the dead-letter topic.
 */
public final class SensorIdRekeyer implements Processor<byte[], byte[], byte[], byte[]> {

    private final ReadingParser parser;
    private final CommitCadence cadence;
    private ProcessorContext<byte[], byte[]> context;

    public SensorIdRekeyer(ReadingFormat format) {
        this(format, null);
    }

    /** @param cadence null: Kafka Streams' {@code commit.interval.ms} alone decides when to commit */
    public SensorIdRekeyer(ReadingFormat format, CommitCadence cadence) {
        this.parser = new ReadingParser(format);
        this.cadence = cadence;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        if (cadence != null) {
            cadence.scheduleOn(context);
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        byte[] key = record.key();
        if (parser.parse(record.value(), record.timestamp()) instanceof ParseResult.Valid valid) {
            key = valid.reading().sensorId().getBytes(StandardCharsets.UTF_8);
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        context.recordMetadata().ifPresent(m -> {
            headers.add(DiagnosticHeaders.SOURCE_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(DiagnosticHeaders.SOURCE_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(DiagnosticHeaders.SOURCE_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        context.forward(new Record<>(key, record.value(), record.timestamp(), headers), ChildNames.READINGS_BY_SENSOR);
    }
}
