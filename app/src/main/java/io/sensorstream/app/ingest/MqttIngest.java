package io.sensorstream.app.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.sensorstream.app.UserError;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.connectors.ingest.MqttBridge;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.streams.PipelineSettings;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The configured MQTT bridge ({@code ingest.mqtt}) with its producer: started by {@code run}, {@code demo} and {@code ingest}. */
public final class MqttIngest implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final MqttBridge bridge;

    private MqttIngest(KafkaProducer<byte[], byte[]> producer, MqttBridge bridge) {
        this.producer = producer;
        this.bridge = bridge;
    }

    /** The bridge's producer: durable ({@code acks=all}, idempotent), a short linger to batch messages from many devices. */
    public static Properties producerProperties(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    /** Starts the bridge when {@code ingest.mqtt.server-uri} is set; otherwise returns null. */
    public static MqttIngest startIfConfigured(SensorstreamConfig config, PipelineSettings settings, MeterRegistry registry) {
        SensorstreamConfig.MqttIngestConfig mqtt = config.ingest().mqtt();
        if (mqtt == null || !mqtt.enabled()) {
            return null;
        }
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(ProcessorRunner.clientProperties(config)),
                new ByteArraySerializer(), new ByteArraySerializer());
        try {
            MqttBridge bridge = new MqttBridge(new MqttBridge.Settings(mqtt.serverUri(), mqtt.topics(), mqtt.qos(), mqtt.username(),
                    mqtt.password(), mqtt.sensorIdFromTopic(), mqtt.clientId(), mqtt.version(), mqtt.trustStore(),
                    mqtt.trustStorePassword()), new ReadingParser(settings.analytics().format()),
                    producer, settings.topics().raw(), settings.topics().deadLetter(), registry).start();
            return new MqttIngest(producer, bridge);
        } catch (IllegalStateException e) {
            producer.close();
            throw new UserError(e.getMessage().startsWith("ingest.mqtt.") ? e.getMessage() : e.getMessage() + " (ingest.mqtt.server-uri)", e);
        } catch (IllegalArgumentException e) {
            producer.close();
            throw new UserError(e.getMessage(), e);
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    @Override
    public void close() {
        bridge.close();
        producer.close();
    }
}
