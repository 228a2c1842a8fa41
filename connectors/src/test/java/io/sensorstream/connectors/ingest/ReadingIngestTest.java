package io.sensorstream.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * How a body becomes records: NDJSON lines (blank lines and CRLF kept out, numbering kept), array elements as their
 * own bytes, one object as itself; invalid readings reported by position with the parser's reason and not produced.
 * Kafka's {@code MockProducer} records what would be sent (the delivery itself is tested against a real broker in
 * the app's {@code IngestIT}).
 */
class ReadingIngestTest {

    private static final String A = "{\"sensor_id\":\"a\",\"temperature\":20.5,\"timestamp\":1700000000000}";
    private static final String B = "{\"sensor_id\":\"b\",\"temperature\":21,\"timestamp\":1700000000001}";

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final ReadingIngest ingest = new ReadingIngest(new ReadingParser(ReadingFormat.seedDefault()), producer, "raw", "http");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ndjsonLinesAreNumberedAndBadOnesReported() throws Exception {
        ReadingIngest.Result r = ingest.accept(utf8(A + "\r\n\n{\"sensor_id\":\"c\"}\n" + B + "\n"), true);
        assertThat(r.accepted()).isEqualTo(2);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.errors()).containsExactly(new ReadingIngest.LineError(3, "missing_field: field 'temperature' is missing, expected a number"));
        assertThat(producer.history()).extracting(p -> new String(p.value(), StandardCharsets.UTF_8)).containsExactly(A, B);
        assertThat(producer.history()).extracting(p -> new String(p.key(), StandardCharsets.UTF_8)).containsExactly("a", "b");
        assertThat(new String(producer.history().get(0).headers().lastHeader("sensorstream.ingest").value(), StandardCharsets.UTF_8))
                .isEqualTo("http");
    }

    @Test
    void arrayElementsAndSingleObjects() throws Exception {
        assertThat(ingest.accept(utf8("[" + A + ", 17, " + B + "]"), false))
                .isEqualTo(new ReadingIngest.Result(2, 1, List.of(new ReadingIngest.LineError(2, "not_an_object: expected a JSON object, found a number"))));
        assertThat(ingest.accept(utf8(A), false).accepted()).isEqualTo(1);
        ReadingIngest.Result broken = ingest.accept(utf8("[" + A + ", {"), false);
        assertThat(broken.accepted()).isZero();
        assertThat(broken.errors()).hasSize(1);
        assertThat(producer.history()).extracting(p -> new String(p.value(), StandardCharsets.UTF_8)).containsExactly(A, B, A);
    }

    /** A producer that cannot reach Kafka within its short max.block.ms makes ingest busy (HTTP: 429), not hang. */
    @Test
    void aProducerThatCannotSendMakesIngestBusy() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", "127.0.0.1:1");
        p.put("max.block.ms", "200");
        try (var unreachable = new org.apache.kafka.clients.producer.KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            ReadingIngest busy = new ReadingIngest(new ReadingParser(ReadingFormat.seedDefault()), unreachable, "raw", "http");
            long started = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> busy.accept(utf8(A), false))
                    .isInstanceOf(ReadingIngest.Busy.class).hasMessageContaining("Kafka did not take the readings: Topic raw not present in metadata");
            assertThat(System.nanoTime() - started).as("fails fast").isLessThan(10_000_000_000L);
        }
    }
}
