package io.sensorstream.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorstream.connectors.ingest.ReadingIngest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code POST /ingest}: readings over HTTP into the input topic (README "Ingest"). The body is one JSON reading, a
 * JSON array of readings, or NDJSON ({@code Content-Type: application/x-ndjson}). Answers 202 when every reading was
 * accepted (durable in Kafka), 207 when some were and the rest are listed by line, 400 when none could be, 401
 * without the configured bearer token, 413 above the size limit (Javalin's), 429 with {@code Retry-After} when the
 * producer is full (back-pressure, never an unbounded queue).
 */
public final class HttpIngest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReadingIngest ingest;
    private final byte[] token;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter busy;

    /** @param token the bearer token every request must carry, or empty for none */
    public HttpIngest(ReadingIngest ingest, String token, MeterRegistry registry) {
        this.ingest = ingest;
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        this.accepted = Counter.builder("sensorstream.ingest.accepted").tag("source", "http")
                .description("Readings accepted by ingest and acknowledged by Kafka").register(registry);
        this.rejected = Counter.builder("sensorstream.ingest.rejected").tag("source", "http")
                .description("Readings refused by ingest (reported to the sender)").register(registry);
        this.busy = Counter.builder("sensorstream.ingest.busy").tag("source", "http")
                .description("Requests answered 429 because the producer was full").register(registry);
    }

    /** The producer settings ingest needs: durable ({@code acks=all}, idempotent), and a full buffer fails fast (429). */
    public static java.util.Properties producerProperties(java.util.Properties client) {
        java.util.Properties p = new java.util.Properties();
        p.putAll(client);
        p.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
        p.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG, "200");
        return p;
    }

    /** Adds {@code POST /ingest} to a Javalin app. */
    public void register(Javalin app) {
        app.post("/ingest", this::handle);
    }

    private void handle(Context ctx) throws Exception {
        if (token.length > 0) {
            String header = ctx.header("Authorization");
            byte[] given = header != null && header.startsWith("Bearer ") ? header.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) {
                ctx.status(401).header("WWW-Authenticate", "Bearer").result("a bearer token is required: Authorization: Bearer <token>");
                return;
            }
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        boolean ndjson = type.startsWith("application/x-ndjson") || type.startsWith("application/ndjson");
        ReadingIngest.Result r;
        try {
            r = ingest.accept(ctx.bodyAsBytes(), ndjson);
        } catch (ReadingIngest.Busy e) {
            busy.increment();
            ctx.status(429).header("Retry-After", "1").result("busy: " + e.getMessage());
            return;
        }
        accepted.increment(r.accepted());
        rejected.increment(r.rejected());
        ObjectNode body = JSON.createObjectNode().put("accepted", r.accepted()).put("rejected", r.rejected());
        var errors = body.putArray("errors");
        r.errors().forEach(e -> errors.addObject().put("line", e.line()).put("reason", e.reason()));
        int status = r.rejected() == 0 ? 202 : r.accepted() > 0 ? 207 : 400;
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
