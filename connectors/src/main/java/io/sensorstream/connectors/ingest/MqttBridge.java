package io.sensorstream.connectors.ingest;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.TrustManagerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.core.reading.RejectReason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges MQTT to the input topic (MQTT 5 or 3.1.1, HiveMQ client): subscribes to topic filters and produces each message's
 * reading keyed by sensor id. A message is acknowledged to the MQTT broker only after Kafka acknowledged the record
 * (QoS 1: at least once from the device to Kafka); the session is persistent ({@code clean start} off, one hour of
 * session expiry), so messages that arrive while the bridge is away, or that were not acknowledged when the
 * connection dropped, are delivered when it is back; reconnects back off from 100 ms to 10 s.
 *
 * <p>The sensor id comes from the payload, or, when the payload lacks it, from the MQTT topic through a template such as
 * {@code sensors/{sensor_id}/telemetry}. A payload that is not a valid reading goes to the dead-letter topic with the
 * reason and the MQTT topic in headers, and is acknowledged then: bad input never stops the bridge.
 */
public final class MqttBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);

    /**
     * @param serverUri    {@code tcp://host:1883} or {@code ssl://host:8883}
     * @param topicTemplate where the sensor id is in the topic, e.g. {@code sensors/{sensor_id}/telemetry}, or null
     * @param clientId     the MQTT client id; the persistent session belongs to it, so keep it stable across restarts
     */
    /**
     * @param version            MQTT protocol version: 5 or 3 (3.1.1)
     * @param trustStore         PKCS12 trust store for {@code ssl://} servers with a private CA; empty = the JVM's
     */
    public record Settings(String serverUri, List<String> topics, int qos, String username, String password, String topicTemplate,
                           String clientId, int version, String trustStore, String trustStorePassword) {
        public Settings {
            if (version != 3 && version != 5) {
                throw new IllegalArgumentException("ingest.mqtt.version must be 5 or 3 (3.1.1), got " + version);
            }
            trustStore = trustStore == null ? "" : trustStore;
            trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
        }

        /** MQTT 5 with the JVM's trust store. */
        public Settings(String serverUri, List<String> topics, int qos, String username, String password, String topicTemplate,
                        String clientId) {
            this(serverUri, topics, qos, username, password, topicTemplate, clientId, 5, "", "");
        }
    }

    private final Settings settings;
    private final ReadingParser parser;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String deadLetterTopic;
    private final String sensorField;
    private final Pattern template;
    private final Counter accepted;
    private final Counter rejected;
    private volatile boolean started;
    /** Disconnects the client once it is built. */
    private java.util.function.Supplier<CompletableFuture<Void>> disconnect;
    /** Completed exceptionally when the broker refuses the credentials: no point in reconnecting. */
    private final java.util.concurrent.CompletableFuture<Void> refused = new java.util.concurrent.CompletableFuture<>();

    public MqttBridge(Settings settings, ReadingParser parser, Producer<byte[], byte[]> producer, String topic, String deadLetterTopic,
                      MeterRegistry registry) {
        this.settings = settings;
        this.parser = parser;
        this.producer = producer;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.sensorField = parser.format().sensorIdField();
        this.template = settings.topicTemplate() == null || settings.topicTemplate().isBlank() ? null
                : Pattern.compile(Pattern.quote(settings.topicTemplate()).replace("{sensor_id}", "\\E([^/]+)\\Q"));
        this.accepted = Counter.builder("sensorstream.ingest.accepted").tag("source", "mqtt")
                .description("Readings accepted by ingest and acknowledged by Kafka").register(registry);
        this.rejected = Counter.builder("sensorstream.ingest.rejected").tag("source", "mqtt")
                .description("Readings refused by ingest (reported to the sender)").register(registry);
    }

    /** Connects and subscribes; returns once subscribed (or throws, naming the server). */
    public MqttBridge start() {
        URI uri = URI.create(settings.serverUri());
        boolean tls = "ssl".equals(uri.getScheme());
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(settings.clientId() == null ? "sensorstream-" + UUID.randomUUID() : settings.clientId())
                .serverHost(uri.getHost()).serverPort(uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883)
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(c -> LOG.info("MQTT bridge connected to {}", settings.serverUri()))
                .addDisconnectedListener(c -> {
                    String permanent = permanentFailure(c.getCause());
                    if (permanent != null && !started) {
                        c.getReconnector().reconnect(false); // at start: wrong credentials or certificates do not get better
                        refused.completeExceptionally(new IllegalStateException(permanent));
                    } else if (permanent != null) {
                        LOG.error("MQTT bridge cannot reconnect to {}: {}; retrying", settings.serverUri(), permanent);
                    } else if (c.getSource() != com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource.USER) {
                        LOG.warn("MQTT bridge disconnected from {}: {}; reconnecting", settings.serverUri(), c.getCause().getMessage());
                    }
                });
        if (tls) {
            builder = settings.trustStore().isBlank() ? builder.sslWithDefaultConfig()
                    : builder.sslConfig().trustManagerFactory(trustManagers()).applySslConfig();
        }
        byte[] password = settings.password() == null ? new byte[0] : settings.password().getBytes(StandardCharsets.UTF_8);
        boolean auth = settings.username() != null && !settings.username().isBlank();
        MqttQos qos = settings.qos() >= 1 ? MqttQos.AT_LEAST_ONCE : MqttQos.AT_MOST_ONCE;
        try {
            if (settings.version() == 3) {
                var b3 = builder.useMqttVersion3();
                if (auth) b3 = b3.simpleAuth().username(settings.username()).password(password).applySimpleAuth();
                Mqtt3AsyncClient c3 = b3.buildAsync();
                disconnect = c3::disconnect;
                CompletableFuture.anyOf(c3.connectWith().cleanSession(false).send(), refused).get(30, TimeUnit.SECONDS);
                for (String filter : settings.topics()) {
                    c3.subscribeWith().topicFilter(filter).qos(qos)
                            .callback(m -> onMessage(m.getPayloadAsBytes(), m.getTopic().toString(), m::acknowledge))
                            .manualAcknowledgement(true).send().get(30, TimeUnit.SECONDS);
                }
            } else {
                var b5 = builder.useMqttVersion5();
                if (auth) b5 = b5.simpleAuth().username(settings.username()).password(password).applySimpleAuth();
                Mqtt5AsyncClient c5 = b5.buildAsync();
                disconnect = c5::disconnect;
                CompletableFuture.anyOf(c5.connectWith().cleanStart(false).sessionExpiryInterval(3_600).send(), refused)
                        .get(30, TimeUnit.SECONDS);
                for (String filter : settings.topics()) {
                    c5.subscribeWith().topicFilter(filter).qos(qos)
                            .callback(m -> onMessage(m.getPayloadAsBytes(), m.getTopic().toString(), m::acknowledge))
                            .manualAcknowledgement(true).send().get(30, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            if (disconnect != null) disconnect.get();
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof java.util.concurrent.TimeoutException ? "no connection within 30 s"
                    : cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new IllegalStateException("cannot connect the MQTT bridge to " + settings.serverUri() + ": " + why, e);
        }
        started = true;
        LOG.info("MQTT bridge (MQTT {}) subscribed to {} on {}", settings.version() == 3 ? "3.1.1" : "5", settings.topics(),
                settings.serverUri());
        return this;
    }

    /** A one-line reason when {@code cause} will not pass by reconnecting (credentials, certificates), else null. */
    private static String permanentFailure(Throwable cause) {
        if (credentialsRefused(cause)) {
            return "the broker refused the credentials (" + cause.getMessage() + "): check ingest.mqtt.username and password";
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return "TLS handshake failed (" + t.getMessage() + "): check ingest.mqtt.trust-store";
            }
        }
        return null;
    }

    private static boolean credentialsRefused(Throwable cause) {
        if (cause instanceof Mqtt5ConnAckException ack) {
            var code = ack.getMqttMessage().getReasonCode();
            return code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED || code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD;
        }
        if (cause instanceof Mqtt3ConnAckException ack) {
            var code = ack.getMqttMessage().getReturnCode();
            return code == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED || code == Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD;
        }
        return false;
    }

    private TrustManagerFactory trustManagers() {
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(settings.trustStore()))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, settings.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (Exception e) {
            throw new IllegalStateException("ingest.mqtt.trust-store: cannot open " + settings.trustStore() + " as PKCS12 ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private void onMessage(byte[] payload, String mqttTopic, Runnable acknowledge) {
        long now = System.currentTimeMillis();
        ParseResult r = parser.parse(payload, now);
        if (r instanceof ParseResult.Rejected rej && rej.reason() == RejectReason.MISSING_FIELD && template != null
                && rej.detail().startsWith("field '" + sensorField + "' is missing")) {
            Matcher m = template.matcher(mqttTopic);
            if (m.matches()) {
                payload = withSensorId(payload, m.group(1));
                r = parser.parse(payload, now);
            }
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("sensorstream.ingest", "mqtt".getBytes(StandardCharsets.UTF_8));
        headers.add("sensorstream.mqtt.topic", mqttTopic.getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> record;
        if (r instanceof ParseResult.Valid v) {
            record = new ProducerRecord<>(topic, null, null, v.reading().sensorId().getBytes(StandardCharsets.UTF_8), payload, headers);
        } else {
            ParseResult.Rejected rej = (ParseResult.Rejected) r;
            headers.add("sensorstream.reason", rej.reason().code().getBytes(StandardCharsets.UTF_8));
            headers.add("sensorstream.detail", rej.detail().getBytes(StandardCharsets.UTF_8));
            record = new ProducerRecord<>(deadLetterTopic, null, null, null, payload, headers);
        }
        boolean valid = r instanceof ParseResult.Valid;
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                (valid ? accepted : rejected).increment();
                acknowledge.run(); // only now: the record is in Kafka
            } else {
                LOG.warn("MQTT message on {} not written to Kafka ({}); it stays unacknowledged and comes again", mqttTopic,
                        error.toString());
            }
        });
    }

    /** The payload object with the sensor id from the topic added as its first field. */
    private byte[] withSensorId(byte[] payload, String sensorId) {
        String json = new String(payload, StandardCharsets.UTF_8).strip();
        if (!json.startsWith("{")) {
            return payload;
        }
        String rest = json.substring(1).strip();
        String field = "\"" + sensorField.replace("\"", "\\\"") + "\":\"" + sensorId.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return ("{" + field + (rest.startsWith("}") ? "" : ",") + rest).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (disconnect != null) {
            try {
                disconnect.get().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("MQTT disconnect: {}", e.toString());
            }
            producer.flush();
        }
    }
}
