package io.sensorstream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.SelfSignedCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sensorstream against a cluster that demands SASL over TLS (the embedded broker's SASL_SSL listener, a self-signed
 * certificate, SCRAM-SHA-512 users): the simulator, the processor and a sink all work with the right credentials,
 * given through the pass-through {@code kafka:} properties with the password read from a file; wrong credentials stop
 * each of them with one line instead of retrying forever.
 */
class KafkaSecurityIT {

    @TempDir
    Path dir;

    @Test
    void simulatorProcessorAndSinkWorkOverSaslSslAndWrongCredentialsFailInOneLine() throws Exception {
        SelfSignedCertificates certs = SelfSignedCertificates.create(dir.resolve("tls"), "changeit");
        Path password = Files.writeString(dir.resolve("kafka-password"), "right-password\n");
        Path wrongPassword = Files.writeString(dir.resolve("wrong-password"), "guess\n");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 2, Map.of())
                .withSaslSslListener(new EmbeddedKafkaBroker.SaslSslListener(Ports.free(), certs.keystore(), certs.password(),
                        Map.of("sensorstream", "right-password")))
                .start(Duration.ofSeconds(90))) {
            Path out = dir.resolve("out");
            Path good = config("good.yaml", broker.secureBootstrapServers(), certs, password, out, true);

            SensorstreamConfig cfg = ConfigLoader.load(good, Map.of());
            try (Lifecycle lifecycle = new Lifecycle()) {
                PipelineServices services = PipelineServices.start(lifecycle, cfg);
                assertThat(services.processor.awaitRunning(Duration.ofSeconds(60))).as("processor RUNNING over SASL_SSL").isTrue();
                StringWriter simErr = new StringWriter();
                int sim = SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(simErr, true), "simulate",
                        "--config", good.toString(), "--sensors", "3", "--count", "900", "--fast");
                assertThat(sim).as("simulate over SASL_SSL: " + simErr).isZero();
                long deadline = System.currentTimeMillis() + 60_000;
                while (windowLines(out) < 6 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(windowLines(out)).as("window results written by the files sink").isGreaterThanOrEqualTo(6);
            }

            Path plain = config("plain.yaml", broker.secureBootstrapServers(), certs, password, null, false, "PLAIN");
            assertThat(SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter(), true), "simulate",
                    "--config", plain.toString(), "--count", "10", "--fast")).as("SASL PLAIN over TLS").isZero();

            // wrong password: each part stops with one line, none retries forever
            Path wrong = config("wrong.yaml", broker.secureBootstrapServers(), certs, wrongPassword, dir.resolve("out2"), true);
            StringWriter err = new StringWriter();
            int run = SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", "--config", wrong.toString());
            assertThat(run).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("error: Kafka at " + broker.secureBootstrapServers() + " refused the credentials")
                    .contains("Authentication failed").contains("kafka.sasl.*").doesNotContain("\n");

            StringWriter simErr = new StringWriter();
            int sim = SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(simErr, true), "simulate",
                    "--config", wrong.toString(), "--count", "10", "--fast");
            assertThat(sim).as("simulate with a wrong password").isEqualTo(2);
            assertThat(simErr.toString().strip()).startsWith("error: Kafka at ").contains("refused the credentials").doesNotContain("\n");

            Path wrongSink = config("wrong-sink.yaml", broker.secureBootstrapServers(), certs, wrongPassword, dir.resolve("out3"), false);
            StringWriter sinkErr = new StringWriter();
            int sink = SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(sinkErr, true), "sink",
                    "--config", wrongSink.toString());
            assertThat(sink).as("sink with a wrong password").isEqualTo(2);
            assertThat(sinkErr.toString().strip()).contains("refused the credentials").doesNotContain("\n");
        }
    }

    private Path config(String name, String bootstrap, SelfSignedCertificates certs, Path password, Path sinkDir, boolean createTopics)
            throws Exception {
        return config(name, bootstrap, certs, password, sinkDir, createTopics, "SCRAM-SHA-512");
    }

    private Path config(String name, String bootstrap, SelfSignedCertificates certs, Path password, Path sinkDir, boolean createTopics,
                        String mechanism) throws Exception {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        String yaml = String.join("\n",
                "application-id: secure",
                "bootstrap-servers: " + bootstrap,
                "topics: {create: " + createTopics + "}",
                "window: {size: 10s, advance: 10s, watermark-delay: 1s}",
                "processing: {state-dir: " + dir.resolve("state-" + name) + "}",
                "http: {enabled: false}",
                sinkDir == null ? "sinks: []" : "sinks: [{type: files, path: " + sinkDir + ", format: jsonl, batch-wait: 200ms, roll-interval: 0s}]",
                "kafka:",
                "  security.protocol: SASL_SSL",
                "  sasl.mechanism: " + mechanism,
                "  sasl.jaas.config: '" + module + " required username=\"sensorstream\""
                        + " password=\"${file:" + password + "}\";'",
                "  ssl.truststore.location: " + certs.truststore(),
                "  ssl.truststore.type: PKCS12",
                "  ssl.truststore.password: \"${file:" + certs.passwordFile() + "}\"",
                "");
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static long windowLines(Path out) throws Exception {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> windows = files.filter(Files::isRegularFile).filter(p -> p.toString().contains("/windows/") && !p.getFileName().toString().startsWith(".")).toList();
            long n = 0;
            for (Path p : windows) {
                n += Files.readAllLines(p).size();
            }
            return n;
        }
    }
}
