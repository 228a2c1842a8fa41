package io.sensorstream.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.TopicReader;
import io.sensorstream.connectors.ingest.MqttBridge;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT bridge between a real MQTT broker (Debian's {@code mosquitto}, installed by {@code .ci/run}) and a real
 * Kafka broker: QoS 1 readings whose sensor id is only in the MQTT topic reach the input topic keyed by sensor id; the
 * MQTT broker is restarted mid-stream and nothing is lost (at least once: every reading at least once); bad payloads
 * go to the dead-letter topic with the reason and the MQTT topic.
 */
class MqttBridgeIT {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final int SENSORS = 20;
    private static final int PER_SENSOR = 50;

    @TempDir
    Path dir;

    private Process mosquitto(Path conf) throws Exception {
        Process p = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        Thread.sleep(300);
        assertThat(p.isAlive()).as("mosquitto runs; log: %s", Files.readString(dir.resolve("mosquitto.log"))).isTrue();
        return p;
    }

    private static void publish(int port, int from, int to) {
        Mqtt5BlockingClient publisher = MqttClient.builder().useMqttVersion5().identifier("publisher-" + from)
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        publisher.connect();
        for (int i = from; i < to; i++) {
            for (int s = 0; s < SENSORS; s++) {
                String payload = "{\"temperature\": " + (20 + s) + ", \"timestamp\": " + (1_700_000_000_000L + i * 1_000L) + "}";
                publisher.publishWith().topic("sensors/s" + s + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            }
        }
        publisher.disconnect();
    }

    @Test
    void qos1ReadingsReachKafkaAcrossAnMqttBrokerRestart() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO), "mosquitto is not installed (.ci/run installs it)");
        int mqttPort = Ports.free();
        Path conf = dir.resolve("mosquitto.conf");
        Files.createDirectories(dir.resolve("mqtt-data"));
        Files.writeString(conf, String.join("\n", "listener " + mqttPort + " 127.0.0.1", "allow_anonymous true", "persistence true",
                "user " + System.getProperty("user.name"), // as root mosquitto would switch to its own user, who cannot read the test's files
                "persistence_location " + dir.resolve("mqtt-data") + "/", "autosave_interval 1", ""));
        Process broker = mosquitto(conf);
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 2, Map.of()).start(Duration.ofSeconds(90))) {
            Properties client = new Properties();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            TopicProvisioner.ensure(client, List.of("sensor-readings-raw", "sensor-readings-dlq"), 2, (short) -1, Map.of());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(MqttIngest.producerProperties(client), new ByteArraySerializer(), new ByteArraySerializer());
                 MqttBridge bridge = new MqttBridge(new MqttBridge.Settings("tcp://127.0.0.1:" + mqttPort, List.of("sensors/+/telemetry"), 1,
                         null, null, "sensors/{sensor_id}/telemetry", "bridge-it"), new ReadingParser(ReadingFormat.seedDefault()),
                         producer, "sensor-readings-raw", "sensor-readings-dlq", new SimpleMeterRegistry()).start()) {
                publish(mqttPort, 0, PER_SENSOR / 2);
                broker.destroy(); // SIGTERM: mosquitto saves its sessions and queued messages
                broker.waitFor(10, TimeUnit.SECONDS);
                broker = mosquitto(conf);
                publish(mqttPort, PER_SENSOR / 2, PER_SENSOR);
                Mqtt5BlockingClient bad = MqttClient.builder().useMqttVersion5().identifier("bad").serverHost("127.0.0.1")
                        .serverPort(mqttPort).buildBlocking();
                bad.connect();
                for (String payload : List.of("not json", "{\"temperature\": \"hot\", \"timestamp\": 1}", "[1,2]")) {
                    bad.publishWith().topic("sensors/s0/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
                }
                bad.disconnect();

                try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "sensor-readings-raw")) {
                    Set<String> distinct = new HashSet<>();
                    var records = raw.pollUntil(rs -> {
                        distinct.clear();
                        rs.forEach(r -> distinct.add(new String(r.value(), StandardCharsets.UTF_8)));
                        return distinct.size() >= SENSORS * PER_SENSOR;
                    }, Duration.ofSeconds(60));
                    assertThat(distinct).as("every reading at least once").hasSize(SENSORS * PER_SENSOR);
                    assertThat(records).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                            .startsWith("{\"sensor_id\":\"" + new String(r.key(), StandardCharsets.UTF_8) + "\","));
                }
                try (TopicReader dlq = new TopicReader(kafka.bootstrapServers(), "sensor-readings-dlq")) {
                    var dead = dlq.pollUntil(rs -> rs.size() >= 3, Duration.ofSeconds(30));
                    assertThat(dead).hasSize(3).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("sensorstream.mqtt.topic").value(),
                            StandardCharsets.UTF_8)).isEqualTo("sensors/s0/telemetry"));
                    assertThat(dead).extracting(r -> new String(r.headers().lastHeader("sensorstream.reason").value(), StandardCharsets.UTF_8))
                            .containsExactlyInAnyOrder("malformed_json", "wrong_type", "not_an_object");
                }
            }
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** With {@code allow_anonymous false} and a password file: the right credentials bridge, wrong ones are one error at start. */
    @Test
    void credentialsAreUsedAndWrongOnesFailAtStartInOneLine() throws Exception {
        Path passwd = Path.of("/usr/bin/mosquitto_passwd");
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO) && Files.isExecutable(passwd), "mosquitto is not installed (.ci/run installs it)");
        Path users = dir.resolve("users");
        assertThat(new ProcessBuilder(passwd.toString(), "-b", "-c", users.toString(), "bridge", "s3cret").inheritIO().start().waitFor()).isZero();
        int mqttPort = Ports.free();
        Path conf = dir.resolve("auth.conf");
        Files.writeString(conf, String.join("\n", "listener " + mqttPort + " 127.0.0.1", "allow_anonymous false",
                "user " + System.getProperty("user.name"),
                "password_file " + users, ""));
        Process broker = mosquitto(conf);
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 1, Map.of()).start(Duration.ofSeconds(90))) {
            Properties client = new Properties();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            TopicProvisioner.ensure(client, List.of("sensor-readings-raw", "sensor-readings-dlq"), 1, (short) -1, Map.of());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
                MqttBridge wrong = new MqttBridge(new MqttBridge.Settings("tcp://127.0.0.1:" + mqttPort, List.of("sensors/#"), 1, "bridge",
                        "guess", null, "bridge-wrong"), new ReadingParser(ReadingFormat.seedDefault()), producer, "sensor-readings-raw",
                        "sensor-readings-dlq", new SimpleMeterRegistry());
                org.assertj.core.api.Assertions.assertThatThrownBy(wrong::start).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("cannot connect the MQTT bridge to tcp://127.0.0.1:" + mqttPort + ": ")
                        .hasMessageContaining("the broker refused the credentials").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
                try (MqttBridge bridge = new MqttBridge(new MqttBridge.Settings("tcp://127.0.0.1:" + mqttPort, List.of("sensors/#"), 1,
                        "bridge", "s3cret", null, "bridge-auth"), new ReadingParser(ReadingFormat.seedDefault()), producer,
                        "sensor-readings-raw", "sensor-readings-dlq", new SimpleMeterRegistry()).start()) {
                    Mqtt5BlockingClient publisher = MqttClient.builder().useMqttVersion5().identifier("auth-publisher")
                            .serverHost("127.0.0.1").serverPort(mqttPort).simpleAuth().username("bridge")
                            .password("s3cret".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
                    publisher.connect();
                    publisher.publishWith().topic("sensors/x").qos(MqttQos.AT_LEAST_ONCE).payload(
                            "{\"sensor_id\":\"x\",\"temperature\":20.5,\"timestamp\":1700000000000}".getBytes(StandardCharsets.UTF_8)).send();
                    publisher.disconnect();
                    try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "sensor-readings-raw")) {
                        assertThat(raw.pollUntil(rs -> !rs.isEmpty(), Duration.ofSeconds(30))).hasSize(1);
                    }
                }
            }
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * MQTT 3.1.1 over TLS with username and password: mosquitto serves a self-signed certificate (made with openssl) and
     * a password file, the bridge trusts it through {@code trust-store}, logs in and speaks 3.1.1; an MQTT 3.1.1 device's QoS 1 readings reach Kafka. Without the trust store
     * (the JVM's default CAs) the bridge refuses the certificate at start, in one line.
     */
    @Test
    void mqtt311OverTlsWithAPrivateCa() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO) && Files.isExecutable(openssl) && Files.isExecutable(Path.of("/usr/bin/mosquitto_passwd")),
                "mosquitto or openssl is not installed (.ci/run installs them)");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process gen = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1").redirectErrorStream(true).start();
        String genOut = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gen.waitFor()).as(genOut).isZero();
        Path trust = dir.resolve("trust.p12");
        Process imp = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "mqtt", "-file", cert.toString(), "-keystore", trust.toString(), "-storetype", "PKCS12", "-storepass", "trustpw")
                .redirectErrorStream(true).start();
        String impOut = new String(imp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(imp.waitFor()).as(impOut).isZero();
        int mqttPort = Ports.free();
        Path conf = dir.resolve("tls.conf");
        Path passwd = Path.of("/usr/bin/mosquitto_passwd");
        Path users = dir.resolve("tls-users");
        assertThat(new ProcessBuilder(passwd.toString(), "-b", "-c", users.toString(), "device", "d3vice").inheritIO().start().waitFor()).isZero();
        Files.writeString(conf, String.join("\n", "listener " + mqttPort + " 127.0.0.1", "allow_anonymous false",
                "password_file " + users, "user " + System.getProperty("user.name"), "cafile " + cert, "certfile " + cert,
                "keyfile " + key, ""));
        Process broker = mosquitto(conf);
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 1, Map.of()).start(Duration.ofSeconds(90))) {
            Properties client = new Properties();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            TopicProvisioner.ensure(client, List.of("sensor-readings-raw", "sensor-readings-dlq"), 1, (short) -1, Map.of());
            String uri = "ssl://localhost:" + mqttPort;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
                MqttBridge untrusting = new MqttBridge(new MqttBridge.Settings(uri, List.of("sensors/#"), 1, "device", "d3vice", null,
                        "bridge-untrusting", 3, "", ""), new ReadingParser(ReadingFormat.seedDefault()), producer, "sensor-readings-raw",
                        "sensor-readings-dlq", new SimpleMeterRegistry());
                org.assertj.core.api.Assertions.assertThatThrownBy(untrusting::start).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("cannot connect the MQTT bridge to " + uri + ": TLS handshake failed")
                        .hasMessageContaining("ingest.mqtt.trust-store")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
                try (MqttBridge bridge = new MqttBridge(new MqttBridge.Settings(uri, List.of("sensors/+/telemetry"), 1, "device", "d3vice",
                        "sensors/{sensor_id}/telemetry", "bridge-tls", 3, trust.toString(), "trustpw"),
                        new ReadingParser(ReadingFormat.seedDefault()), producer, "sensor-readings-raw", "sensor-readings-dlq",
                        new SimpleMeterRegistry()).start()) {
                    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
                    try (var in = Files.newInputStream(trust)) {
                        ks.load(in, "trustpw".toCharArray());
                    }
                    tmf.init(ks);
                    var device = MqttClient.builder().useMqttVersion3().identifier("device-311").serverHost("localhost").serverPort(mqttPort)
                            .sslConfig().trustManagerFactory(tmf).applySslConfig()
                            .simpleAuth().username("device").password("d3vice".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
                    device.connect();
                    for (int i = 0; i < 100; i++) {
                        device.publishWith().topic("sensors/d" + (i % 4) + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                                .payload(("{\"temperature\": 21.5, \"timestamp\": " + (1_700_000_000_000L + i * 1_000L) + "}")
                                        .getBytes(StandardCharsets.UTF_8)).send();
                    }
                    device.disconnect();
                    try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "sensor-readings-raw")) {
                        Set<String> distinct = new HashSet<>();
                        raw.pollUntil(rs -> {
                            rs.forEach(r -> distinct.add(new String(r.value(), StandardCharsets.UTF_8)));
                            return distinct.size() >= 100;
                        }, Duration.ofSeconds(60));
                        assertThat(distinct).as("every 3.1.1 reading over TLS at least once").hasSize(100)
                                .allSatisfy(v -> assertThat(v).startsWith("{\"sensor_id\":\"d"));
                    }
                }
            }
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The short form of the throughput target: 50 000 QoS 1 messages offered at 10 000/s by 10 devices, every one in
     * Kafka at least once. {@code bench/…/ingest/MqttIngestThroughput} measures the rate over 20 s.
     */
    @Test
    void tenThousandMessagesPerSecondForFiveSecondsAllArrive() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO), "mosquitto is not installed (.ci/run installs it)");
        int mqttPort = Ports.free();
        Path conf = dir.resolve("load.conf");
        Files.writeString(conf, String.join("\n", "listener " + mqttPort + " 127.0.0.1", "allow_anonymous true",
                "user " + System.getProperty("user.name"), "max_queued_messages 100000", ""));
        Process broker = mosquitto(conf);
        int total = 50_000;
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 2, Map.of()).start(Duration.ofSeconds(90))) {
            Properties client = new Properties();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            TopicProvisioner.ensure(client, List.of("sensor-readings-raw", "sensor-readings-dlq"), 2, (short) -1, Map.of());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(MqttIngest.producerProperties(client), new ByteArraySerializer(), new ByteArraySerializer());
                 MqttBridge bridge = new MqttBridge(new MqttBridge.Settings("tcp://127.0.0.1:" + mqttPort, List.of("sensors/+/telemetry"), 1,
                         null, null, "sensors/{sensor_id}/telemetry", "bridge-load"), new ReadingParser(ReadingFormat.seedDefault()),
                         producer, "sensor-readings-raw", "sensor-readings-dlq", new SimpleMeterRegistry()).start()) {
                List<com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient> devices = new java.util.ArrayList<>();
                for (int d = 0; d < 10; d++) {
                    var c = MqttClient.builder().useMqttVersion5().identifier("load-" + d).serverHost("127.0.0.1").serverPort(mqttPort).buildAsync();
                    c.connect().get(10, TimeUnit.SECONDS);
                    devices.add(c);
                }
                long start = System.nanoTime();
                List<java.util.concurrent.CompletableFuture<?>> acks = new java.util.ArrayList<>();
                for (int i = 0; i < total; i++) {
                    long wait = start + i * 100_000L - System.nanoTime(); // 10 000 per second
                    if (wait > 1_000_000) Thread.sleep(wait / 1_000_000);
                    acks.add(devices.get(i % 10).publishWith().topic("sensors/s" + (i % 500) + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("{\"temperature\": 20.5, \"timestamp\": " + (1_700_000_000_000L + i) + "}").getBytes(StandardCharsets.UTF_8)).send());
                }
                java.util.concurrent.CompletableFuture.allOf(acks.toArray(new java.util.concurrent.CompletableFuture[0])).get(60, TimeUnit.SECONDS);
                try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "sensor-readings-raw")) {
                    Set<String> distinct = new HashSet<>();
                    raw.pollUntil(rs -> {
                        rs.forEach(r -> distinct.add(new String(r.value(), StandardCharsets.UTF_8)));
                        rs.clear();
                        return distinct.size() >= total;
                    }, Duration.ofSeconds(90));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("mqtt load: %d messages in %.1f s (%.0f/s)%n", distinct.size(), seconds, distinct.size() / seconds);
                    assertThat(distinct).as("every message in Kafka at least once").hasSize(total);
                    // QoS 0 (at most once) through a second bridge subscription: delivered on a healthy loopback link
                    try (MqttBridge qos0 = new MqttBridge(new MqttBridge.Settings("tcp://127.0.0.1:" + mqttPort, List.of("qos0/+/telemetry"), 0,
                            null, null, "qos0/{sensor_id}/telemetry", "bridge-qos0"), new ReadingParser(ReadingFormat.seedDefault()),
                            producer, "sensor-readings-raw", "sensor-readings-dlq", new SimpleMeterRegistry()).start()) {
                        var device = MqttClient.builder().useMqttVersion5().identifier("qos0-device").serverHost("127.0.0.1")
                                .serverPort(mqttPort).buildBlocking();
                        device.connect();
                        for (int i = 0; i < 200; i++) {
                            device.publishWith().topic("qos0/q" + (i % 5) + "/telemetry").qos(MqttQos.AT_MOST_ONCE)
                                    .payload(("{\"temperature\": 1.5, \"timestamp\": " + (1_700_100_000_000L + i) + "}").getBytes(StandardCharsets.UTF_8))
                                    .send();
                        }
                        device.disconnect();
                        Set<String> q0 = new HashSet<>();
                        raw.pollUntil(rs -> {
                            rs.forEach(r -> {
                                String v = new String(r.value(), StandardCharsets.UTF_8);
                                if (v.startsWith("{\"sensor_id\":\"q")) q0.add(v);
                            });
                            rs.clear();
                            return q0.size() >= 200;
                        }, Duration.ofSeconds(30));
                        assertThat(q0).as("QoS 0 readings").hasSize(200);
                    }
                }
                devices.forEach(c -> c.disconnect());
            }
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
