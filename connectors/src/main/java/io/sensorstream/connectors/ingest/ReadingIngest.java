package io.sensorstream.connectors.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.ReadingParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Takes readings from a request body (one JSON reading, a JSON array of readings, or NDJSON) and produces each valid
 * one, as its own JSON bytes, to the input topic keyed by sensor id; returns only after Kafka acknowledged every
 * record, so an accepted reading is durable. Each reading is checked with the processor's own parser first: an
 * invalid one is reported back by position (line or array index, 1-based) with the parser's reason, and not produced.
 *
 * <p>Back-pressure: the producer is expected to block for a short {@code max.block.ms} only; a full producer buffer
 * makes {@link #accept} throw {@link Busy}, which the HTTP layer answers with 429 and {@code Retry-After}.
 */
public final class ReadingIngest {

    /** The producer cannot take more now; retry after a moment. */
    public static final class Busy extends Exception {
        public Busy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One reading that was not accepted. */
    public record LineError(int line, String reason) {
    }

    /** What happened to a request's readings. */
    public record Result(int accepted, int rejected, List<LineError> errors) {
    }

    private static final int MAX_ERRORS_REPORTED = 100;
    /** Larger readings are refused: Kafka's default {@code max.request.size} is 1 MiB including the record's overhead. */
    static final int MAX_READING_BYTES = 1_000_000;

    private final ReadingParser parser;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String source;
    private final JsonFactory json = new JsonFactory();

    /** @param source written in the {@code sensorstream.ingest} header of every produced record, e.g. {@code http} */
    public ReadingIngest(ReadingParser parser, Producer<byte[], byte[]> producer, String topic, String source) {
        this.parser = parser;
        this.producer = producer;
        this.topic = topic;
        this.source = source;
    }

    /**
     * @param ndjson the body is newline-delimited JSON (otherwise one reading or an array of readings)
     * @throws Busy when the producer buffer is full or Kafka does not answer in time
     */
    public Result accept(byte[] body, boolean ndjson) throws Busy, InterruptedException {
        List<byte[]> items = ndjson ? lines(body) : elements(body);
        List<LineError> errors = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>(items.size());
        int rejected = 0;
        long now = System.currentTimeMillis();
        for (int i = 0; i < items.size(); i++) {
            byte[] item = items.get(i);
            if (item == null) {
                continue; // a blank line
            }
            if (item.length > MAX_READING_BYTES) {
                rejected++;
                if (errors.size() < MAX_ERRORS_REPORTED) {
                    errors.add(new LineError(i + 1, "too_large: the reading has " + item.length + " bytes, at most " + MAX_READING_BYTES));
                }
                continue;
            }
            ParseResult r = parser.parse(item, now);
            if (r instanceof ParseResult.Rejected rej) {
                rejected++;
                if (errors.size() < MAX_ERRORS_REPORTED) errors.add(new LineError(i + 1, rej.reason().code() + ": " + rej.detail()));
                continue;
            }
            String sensor = ((ParseResult.Valid) r).reading().sensorId();
            RecordHeaders headers = new RecordHeaders();
            headers.add("sensorstream.ingest", source.getBytes(StandardCharsets.UTF_8));
            try {
                sent.add(producer.send(new ProducerRecord<>(topic, null, null, sensor.getBytes(StandardCharsets.UTF_8), item, headers)));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new Busy("Kafka cannot take the readings now (the producer buffer is full or the cluster unreachable): " + e.getMessage(), e);
            }
        }
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RetriableException) {
                    throw new Busy("Kafka did not take the readings: " + e.getCause().getMessage(), e.getCause());
                }
                throw new IllegalStateException("producing to " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new Busy("Kafka did not acknowledge the readings within 30 s", e);
            }
        }
        return new Result(sent.size(), rejected, errors);
    }

    /** NDJSON: each non-blank line (blank lines are null, so line numbers stay right). */
    static List<byte[]> lines(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                out.add(isBlank(body, start, end) ? null : Arrays.copyOfRange(body, start, end));
                start = i + 1;
            }
        }
        if (!out.isEmpty() && out.get(out.size() - 1) == null && body.length > 0 && body[body.length - 1] == '\n') {
            out.remove(out.size() - 1); // the final newline ends the last line, it does not start another
        }
        return out;
    }

    /** A JSON array: each element's own bytes; anything else is one item (so a single reading, or a bad body). */
    List<byte[]> elements(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return List.of(body);
            }
            List<byte[]> out = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                int from = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int to = (int) p.currentLocation().getByteOffset();
                out.add(Arrays.copyOfRange(body, from, to));
            }
            if (t == null) {
                return List.of(body); // an unterminated array: one bad item, rejected with the parser's reason
            }
            return out;
        } catch (IOException e) {
            return List.of(body);
        }
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
        }
        return true;
    }
}
