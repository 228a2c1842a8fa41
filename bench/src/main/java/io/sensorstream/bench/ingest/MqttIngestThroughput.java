package io.sensorstream.bench.ingest;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.connectors.ingest.MqttBridge;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * MQTT messages per second through the bridge: Debian's mosquitto on loopback, {@code devices} MQTT 5 clients publishing
 * QoS 1 readings paced to {@code rate} messages/s in total for {@code seconds}, the bridge producing to a real embedded
 * broker and acknowledging each message after Kafka's acknowledgement. Prints the offered and the bridged rate and
 * whether every message arrived; the target is 10 000 messages/s sustained. mosquitto's per-client limits decide what a
 * single bridge can take: {@code max_inflight_messages} (default 20 unacknowledged QoS 1 messages towards the bridge)
 * times the Kafka round trip, so the broker config here raises it (README "Ingest" says the same for production).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sensorstream.bench.ingest.MqttIngestThroughput [rate] [seconds] [devices] [max-inflight]}.
 */
public final class MqttIngestThroughput {

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int devices = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int inflight = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        Path dir = Files.createTempDirectory("mqtt-bench");
        int kafkaPort;
        int mqttPort;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            kafkaPort = a.getLocalPort();
            mqttPort = b.getLocalPort();
        }
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", "listener " + mqttPort + " 127.0.0.1",
                "allow_anonymous true", "user " + System.getProperty("user.name"), "max_inflight_messages " + inflight,
                "max_queued_messages 1000000", ""));
        Process mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Thread.sleep(300);
        long total = (long) rate * seconds;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(kafkaPort, dir.resolve("kafka"), 4, Map.of()).start(Duration.ofSeconds(90))) {
            Properties client = new Properties();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            TopicProvisioner.ensure(client, List.of("sensor-readings-raw", "sensor-readings-dlq"), 4, (short) -1, Map.of());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(io.sensorstream.app.ingest.MqttIngest.producerProperties(client),
                    new ByteArraySerializer(), new ByteArraySerializer());
                 MqttBridge bridge = new MqttBridge(new MqttBridge.Settings("tcp://127.0.0.1:" + mqttPort, List.of("sensors/+/telemetry"), 1,
                         null, null, "sensors/{sensor_id}/telemetry", "bench-bridge"), new ReadingParser(ReadingFormat.seedDefault()),
                         producer, "sensor-readings-raw", "sensor-readings-dlq", new SimpleMeterRegistry()).start()) {
                List<Mqtt5AsyncClient> clients = new ArrayList<>();
                for (int d = 0; d < devices; d++) {
                    Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier("device-" + d).serverHost("127.0.0.1")
                            .serverPort(mqttPort).buildAsync();
                    c.connect().get(10, TimeUnit.SECONDS);
                    clients.add(c);
                }
                long start = System.nanoTime();
                List<CompletableFuture<?>> acks = new ArrayList<>();
                for (long i = 0; i < total; i++) {
                    long due = start + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                    int d = (int) (i % devices);
                    String payload = "{\"temperature\": " + (20 + i % 7) + ", \"timestamp\": " + (1_700_000_000_000L + i) + "}";
                    acks.add(clients.get(d).publishWith().topic("sensors/s" + (i % 1000) + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                            .payload(payload.getBytes(StandardCharsets.UTF_8)).send());
                    if (acks.size() >= 10_000) {
                        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
                        acks.clear();
                    }
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
                double offered = total / ((System.nanoTime() - start) / 1e9);
                long inKafka = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (inKafka < total && System.nanoTime() < deadline) {
                    inKafka = count(broker.bootstrapServers());
                    Thread.sleep(100);
                }
                double bridged = inKafka / ((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "mqtt offered=%.0f msg/s bridged=%.0f msg/s (first publish to last record in Kafka) "
                        + "messages=%d in_kafka=%d devices=%d max_inflight=%d%n", offered, bridged, total, inKafka, devices, inflight);
                for (Mqtt5AsyncClient c : clients) {
                    c.disconnect();
                }
            }
        } finally {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long count(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor("sensor-readings-raw").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
