package io.sensorstream.app.web;

import io.sensorstream.connectors.ingest.ReadingIngest;
import io.sensorstream.core.reading.ReadingParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * "Re-send" on the dead-letter view: fixed records go back into the input topic, each checked with the processor's
 * own parser first and produced keyed by sensor id (idempotent producer, {@code acks=all}, header
 * {@code sensorstream.ingest: dashboard-resend}); the answer comes once Kafka has them. The producer is made on first
 * use, so a page nobody re-sends from costs no Kafka client.
 */
public final class DeadLetterResend implements AutoCloseable {

    private final Properties producer;
    private final ReadingParser parser;
    private final String inputTopic;
    private KafkaProducer<byte[], byte[]> client;
    private ReadingIngest ingest;

    /** @param client Kafka client properties (bootstrap, security) */
    public DeadLetterResend(Properties client, ReadingParser parser, String inputTopic) {
        this.producer = HttpIngest.producerProperties(client);
        this.parser = parser;
        this.inputTopic = inputTopic;
    }

    /** Re-sends each value (one reading's JSON each); invalid ones are reported by position (1-based) and not sent. */
    public synchronized ReadingIngest.Result resend(List<String> values) throws ReadingIngest.Busy, InterruptedException {
        if (ingest == null) {
            client = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
            ingest = new ReadingIngest(parser, client, inputTopic, "dashboard-resend");
        }
        StringBuilder ndjson = new StringBuilder();
        for (String v : values) ndjson.append(v.replace('\n', ' ').replace('\r', ' ')).append('\n');
        return ingest.accept(ndjson.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public synchronized void close() {
        if (client != null) client.close();
    }
}
