package io.sensorstream.streams;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Gives Kafka Streams the record's own (producer or log-append) timestamp, falling back to the partition time when
 * it is missing or negative.
 *
 * <p>Event time is not taken from here: it lives inside the JSON value and is read by the processor, so that a
 * record with an unusable timestamp reaches the processor and goes to the dead-letter topic instead of being
 * skipped or failing the task as Kafka Streams' default extractor would.
 */
public final class ArrivalTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long ts = record.timestamp();
        return ts >= 0 ? ts : Math.max(0, partitionTime);
    }
}
