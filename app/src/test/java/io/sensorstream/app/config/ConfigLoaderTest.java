package io.sensorstream.app.config;

import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.RandomCutForestDetector;
import io.sensorstream.core.detect.ContextDetector;
import io.sensorstream.core.detect.RangeDetector;
import java.nio.charset.StandardCharsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorstream.streams.PipelineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheSeed() {
        SensorstreamConfig c = new ConfigLoader(Map.of()).read(null, Map.of());
        assertThat(withoutSuite(new PipelineAssembly(c).pipelineSettings())).isEqualTo(PipelineSettings.seedDefaults());
        DetectionPlan plan = new PipelineAssembly(c).pipelineSettings().analytics().detection();
        assertThat(plan.sets()).singleElement().satisfies(set -> {
            assertThat(set.sensors()).isEqualTo("*");
            assertThat(set.detectors()).extracting(Detector::name).containsExactly("ewma", "flatline");
        });
        assertThat(plan.silentAfterMs()).isZero();
        assertThat(new PipelineAssembly(c).pipelineSettings().repartitionTopic()).as("input keyed by sensor id: no re-keying").isNull();
        assertThat(new PipelineAssembly(new ConfigLoader(Map.of("SENSORSTREAM_PROCESSING_REPARTITION", "true"))
                .read(null, Map.of("application-id", "plant-3"))).pipelineSettings().repartitionTopic()).isEqualTo("plant-3-readings-by-sensor");
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.processing().guarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.topics().partitions()).isEqualTo(4);
        assertThat(c.kafka()).isEmpty();
        assertThat(new PipelineAssembly(c).pipelineSettings().topics().publishesScores()).as("scores are off by default").isFalse();
    }

    @Test
    void aScoresTopicTurnsOnPerReadingScores() {
        SensorstreamConfig c = new ConfigLoader(Map.of("SENSORSTREAM_TOPICS_SCORES", "sensor-scores")).read(null, Map.of());
        var topics = new PipelineAssembly(c).pipelineSettings().topics();
        assertThat(topics.publishesScores()).isTrue();
        assertThat(topics.scores()).isEqualTo("sensor-scores");
        assertThat(topics.outputs()).as("created with the other outputs").contains("sensor-scores");
    }

    @Test
    void twoKeysNamingOneTopicAreAnErrorNamingBoth() {
        SensorstreamConfig scoresOnAlerts = new ConfigLoader(Map.of("SENSORSTREAM_TOPICS_SCORES", "sensor-alerts")).read(null, Map.of());
        assertThatThrownBy(() -> new PipelineAssembly(scoresOnAlerts).pipelineSettings()).isInstanceOf(ConfigException.class)
                .hasMessage("topics.scores and topics.alerts both name topic 'sensor-alerts': give each its own topic");
        SensorstreamConfig lateOnInput = new ConfigLoader(Map.of()).read(null, Map.of("topics.late", "sensor-readings-raw"));
        assertThatThrownBy(() -> new PipelineAssembly(lateOnInput).pipelineSettings())
                .hasMessageContaining("topics.late and topics.raw both name topic 'sensor-readings-raw'");
    }

    @Test
    void fileThenEnvironmentThenOverrides() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                bootstrap-servers: kafka-1:9092
                window:
                  size: 5m
                  advance: 1m
                detect:
                  jump-threshold: 3.5
                kafka:
                  num.standby.replicas: 1
                  linger.ms: 5
                """);
        Map<String, String> env = Map.of(
                "SENSORSTREAM_WINDOW_WATERMARK_DELAY", "2s",
                "SENSORSTREAM_DETECT_JUMP_THRESHOLD", "4.0",
                "SENSORSTREAM_KAFKA_LINGER_MS", "20",
                "SENSORSTREAM_TOPICS_RAW", "in",
                "PATH", "/bin");
        SensorstreamConfig c = new ConfigLoader(env).read(file, Map.of("detect.jump-threshold", "7.5",
                "kafka.max.poll.records", "1000"));
        assertThat(c.bootstrapServers()).isEqualTo("kafka-1:9092");
        assertThat(c.window().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.window().advance()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.window().watermarkDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.detect().jumpThreshold()).isEqualTo(7.5);
        assertThat(c.topics().raw()).isEqualTo("in");
        assertThat(c.topics().aggregated()).isEqualTo("sensor-readings-aggregated");
        assertThat(c.kafka()).containsEntry("num.standby.replicas", "1").containsEntry("linger.ms", "20")
                .containsEntry("max.poll.records", "1000");
        assertThat(new PipelineAssembly(c).pipelineSettings().analytics().windows().get(0).kind()).isEqualTo("hopping");
    }

    @Test
    void envNamesAreDerivedFromKeys() {
        assertThat(ConfigLoader.envName("window.watermark-delay")).isEqualTo("SENSORSTREAM_WINDOW_WATERMARK_DELAY");
    }

    @Test
    void unknownKeysAreErrorsNamingTheKey() throws IOException {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "window:\n  sise: 10s\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'window.sise'")
                .hasMessageContaining("run: sensorstream config");
    }

    @Test
    void badValuesAreOneLineErrors() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "window:\n  size: 10\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("window.size")
                .hasMessageContaining("is not a duration")
                .message().doesNotContain("\n");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of("processing.state-store", "disk")))
                .pipelineSettings()).hasMessageContaining("'rocksdb' or 'memory'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("does not exist");
        Files.writeString(file, "window: [unclosed\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of())).hasMessageContaining("not valid YAML");
        Files.writeString(file, "window:\n  size: 10s\n advance: 5s\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of()))
                .hasMessageStartingWith("configuration file " + file + " is not valid YAML at line 3, column 2: ")
                .hasMessageContaining("indentation").message().doesNotContain("\n");
        Files.writeString(file, "processing:\n  threads: two\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of()))
                .hasMessage("invalid configuration: processing.threads must be an integer, got 'two'");
        Files.writeString(file, "http:\n  enabled: maybe\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of()))
                .hasMessage("invalid configuration: http.enabled must be true or false, got 'maybe'");
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        Path file = dir.resolve("empty.yaml");
        Files.writeString(file, "");
        assertThat(withoutSuite(new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).pipelineSettings()))
                .isEqualTo(PipelineSettings.seedDefaults());
    }

    /** The seed has no detector suite: compare everything else. */
    private static PipelineSettings withoutSuite(PipelineSettings s) {
        return new PipelineSettings(s.topics(), s.analytics().withDetection(DetectionPlan.NONE),
                s.idleTimeout(), s.persistentState());
    }

    @Test
    void theContextualDetectorIsConfiguredLikeTheOthers() throws IOException {
        Path file = dir.resolve("cad.yaml");
        Files.writeString(file, """
                detect:
                  overrides:
                    - {sensors: "line-*", detectors: [cad], cad: {min: 0, max: 120, bits: 4}}
                """);
        DetectionPlan plan = new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).pipelineSettings().analytics().detection();
        ContextDetector cad = (ContextDetector) plan.detectors(plan.setFor("line-3")).get(0);
        assertThat(cad.newState().contexts()).isZero();
        assertThat(cad.assess(cad.newState(), 50, 0).warmingUp()).as("a configured range: no learning phase").isFalse();
        Files.writeString(file, "detect: {cad: {min: 0}}\n");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).pipelineSettings())
                .hasMessageContaining("detect.cad").hasMessageContaining("min and max must be set together");
    }

    @Test
    void detectorOverridesMergeOverTheDefaultsAndFirstMatchWins() throws IOException {
        Path file = dir.resolve("detect.yaml");
        Files.writeString(file, """
                detect:
                  detectors: [ewma, mad]
                  silent-after: 2m
                  range: {min: -10, max: 50}
                  overrides:
                    - {sensors: "boiler-*", detectors: [range, rcf], range: {max: 300}, rcf: {trees: 10, multi-metric: true}}
                    - {sensors: "boiler-7", detectors: [jump]}
                """);
        SensorstreamConfig c = new ConfigLoader(Map.of("SENSORSTREAM_DETECT_CLEAR_AFTER", "5")).read(file, Map.of());
        DetectionPlan plan = new PipelineAssembly(c).pipelineSettings().analytics().detection();
        assertThat(plan.silentAfterMs()).isEqualTo(120_000);
        assertThat(plan.setFor("boiler-7")).isZero();
        assertThat(plan.setFor("pump-1")).isEqualTo(2);
        assertThat(plan.detectors(0)).extracting(Detector::name).containsExactly("range", "rcf");
        assertThat(plan.detectors(0).get(0)).isEqualTo(new RangeDetector(-10, 300));
        assertThat(((RandomCutForestDetector) plan.detectors(0).get(1)).settings().trees()).isEqualTo(10);
        assertThat(plan.detectors(0).get(1).wholeSensor()).as("rcf.multi-metric").isTrue();
        assertThat(plan.detectors(2).get(0).wholeSensor()).isFalse();
        assertThat(plan.detectors(2)).extracting(Detector::name).containsExactly("ewma", "mad");
        assertThat(c.detect().clearAfter()).isEqualTo(5);
        assertThat(c.detect().overrides().get(0).detect().clearAfter()).isEqualTo(5);

        Files.writeString(file, "detect: {detectors: [ewma, isolation]}\n");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).pipelineSettings())
                .hasMessageContaining("unknown detector 'isolation'");
        Files.writeString(file, "detect: {overrides: [{detectors: [range]}]}\n");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).pipelineSettings())
                .hasMessageContaining("each override needs 'sensors'");
        Files.writeString(file, "detect: {overrides: [{sensors: a*, ewma: {alpah: 0.1}}]}\n");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).pipelineSettings())
                .hasMessageContaining("detect.overrides[a*].ewma: unknown parameter 'alpah' of ewma; it takes alpha, threshold");
        Files.writeString(file, "detect: {mad: {window: many}}\n");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).pipelineSettings())
                .as("checked although mad is not switched on").hasMessageContaining("detect.mad: window must be a number, got 'many'");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of("processing.commit-interval", "0s")))
                .pipelineSettings()).hasMessageContaining("processing.commit-interval must be > 0");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of("processing.flush-ahead", "1s")))
                .pipelineSettings()).hasMessageContaining("processing.flush-ahead must be below processing.commit-interval (PT1S), got PT1S");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of("processing.flush-ahead", "-5ms")))
                .pipelineSettings()).hasMessageContaining("processing.flush-ahead: '-5ms' is not a duration");
        Files.writeString(file, "detect: {isolation: {trees: 3}}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of()))
                .hasMessageContaining("unknown configuration key 'detect.isolation'");
    }

    /** Whether detector state survives a restart depends on the configuration's values, not on how they are written. */
    @Test
    void theDetectorFingerprintFollowsCanonicalValues() throws IOException {
        Path file = dir.resolve("fingerprint.yaml");
        Files.writeString(file, "detect: {ewma: {threshold: 6, warmup: 60.0}}\n");
        int written = new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).detectionPlan().fingerprint();
        int defaults = new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of())).detectionPlan().fingerprint();
        int fromEnv = new PipelineAssembly(new ConfigLoader(Map.of("SENSORSTREAM_DETECT_EWMA_THRESHOLD", "6.0")).read(null, Map.of()))
                .detectionPlan().fingerprint();
        int changed = new PipelineAssembly(new ConfigLoader(Map.of("SENSORSTREAM_DETECT_EWMA_THRESHOLD", "5")).read(null, Map.of()))
                .detectionPlan().fingerprint();
        int otherDetector = new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of("detect.detectors", "ewma")))
                .detectionPlan().fingerprint();
        assertThat(written).isEqualTo(defaults).isEqualTo(fromEnv);
        assertThat(changed).isNotEqualTo(defaults);
        assertThat(otherDetector).isNotEqualTo(defaults);
        assertThat(new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of())).detectionPlan().signature())
                .isEqualTo("v1[ewma{alpha=0.05,min-stddev=0.01,threshold=6.0,warmup=60.0}flatline{epsilon=0.0,readings=60.0}]"
                        + ";silent-after=0;clear-after=3;cooldown=60000;metrics=1");
    }

    @Test
    void theReadmeShowsTheDefaultsAsTheyAre() throws IOException {
        String defaults;
        try (var in = ConfigLoader.class.getResourceAsStream("/sensorstream-defaults.yaml")) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String body = defaults.substring(defaults.indexOf("application-id:"));
        assertThat(Files.readString(Path.of("..", "README.md"))).as("README configuration block").contains(body);
    }

    @Test
    void durations() {
        assertThat(DurationParser.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationParser.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationParser.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationParser.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(DurationParser.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> DurationParser.parse("60")).hasMessageContaining("not a duration");
    }

    @Test
    void metricsWindowsAndStatisticsFromYamlAndEnvironment() throws IOException {
        Path file = dir.resolve("multi.yaml");
        Files.writeString(file, """
                input:
                  extra-metrics:
                    - {name: humidity, field: hum, min: 0, max: 100, required: false}
                    - {name: pressure, min: 800, max: 1200}
                  tags: [site]
                  timestamp-format: auto
                window:
                  additional:
                    - {kind: hopping, size: 5m, advance: 1m}
                    - {kind: session, gap: 30s}
                  allowed-lateness: 1m
                """);
        SensorstreamConfig c = new ConfigLoader(Map.of("SENSORSTREAM_STATISTICS_PERCENTILES", "0.5, 0.9",
                "SENSORSTREAM_WINDOW_IDLE_TIMEOUT", "30s")).read(file, Map.of());
        var analytics = new PipelineAssembly(c).pipelineSettings().analytics();
        assertThat(analytics.format().metricNames()).containsExactly("temperature", "humidity", "pressure");
        assertThat(analytics.format().metrics().get(1).field()).isEqualTo("hum");
        assertThat(analytics.format().metrics().get(1).required()).isFalse();
        assertThat(analytics.format().metrics().get(2).required()).isTrue();
        assertThat(analytics.format().tagFields()).containsExactly("site");
        assertThat(analytics.windows()).extracting(w -> w.name())
                .containsExactly("tumbling-1m", "hopping-5m-every-1m", "session-30s");
        assertThat(analytics.allowedLatenessMs()).isEqualTo(60_000);
        assertThat(analytics.percentiles()).containsExactly(0.5, 0.9);
        assertThat(new PipelineAssembly(c).pipelineSettings().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badWindowAndFormatValuesAreClearErrors() throws IOException {
        Path file = dir.resolve("bad-window.yaml");
        Files.writeString(file, "window:\n  additional:\n    - {kind: sliding, size: 5m}\n");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(file, Map.of())).pipelineSettings())
                .hasMessageContaining("kind must be tumbling, hopping or session, got 'sliding'");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of("input.timestamp-format", "unix"))).pipelineSettings())
                .hasMessageContaining("epoch-ms, epoch-s, iso-8601, auto");
        assertThatThrownBy(() -> new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of("statistics.percentiles", "95"))).pipelineSettings())
                .hasMessageContaining("percentiles must be in (0, 1)");
    }

    @Test
    void sinksComeFromTheFileWithSecretsFromTheEnvironmentOrAFile() throws IOException {
        Path secret = dir.resolve("pg-password");
        Files.writeString(secret, "from-file\n");
        Path file = dir.resolve("sinks.yaml");
        Files.writeString(file, """
                sinks:
                  - {type: postgres, jdbc-url: "jdbc:postgresql://db:5432/sensors", username: app, password: "${PGPASSWORD}"}
                  - {type: postgres, name: archive, jdbc-url: "jdbc:postgresql://db2/x", password-file: %s, batch-size: 100}
                """.formatted(secret));
        SensorstreamConfig cfg = new ConfigLoader(Map.of("PGPASSWORD", "s3cret")).read(file, Map.of());
        assertThat(cfg.sinks()).hasSize(2);
        assertThat(cfg.sinks().get(0).password()).isEqualTo("s3cret");
        assertThat(cfg.sinks().get(1).effectiveName()).isEqualTo("archive");
        var analytics = new PipelineAssembly(cfg).pipelineSettings().analytics();
        var sinks = io.sensorstream.app.sink.SinkServices.create(cfg, analytics);
        assertThat(sinks).extracting(s -> s.name()).containsExactly("postgres", "archive");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of()))
                .hasMessage("sinks[0].password refers to ${PGPASSWORD}, which is not set in the environment");
        Files.writeString(file, "sinks:\n  - {type: files, path: /tmp/x, format: csv}\n  - {type: files, name: raw, path: /tmp/y}\n");
        assertThat(io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .extracting(s -> s.name()).containsExactly("files", "raw");
        Files.writeString(file, "sinks:\n  - {type: alertmanager, url: \"http://am:9093\", labels: {team: a}}\n");
        assertThat(io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .extracting(s -> s.name()).containsExactly("alertmanager");
        Files.writeString(file, "sinks:\n  - {type: redis, url: \"redis://r:6379\", stream-length: 50}\n");
        assertThat(io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .extracting(s -> s.name()).containsExactly("redis");
        Files.writeString(file, "sinks:\n  - {type: webhook, url: \"https://h/x\", headers: {Authorization: \"Bearer ${TOKEN}\"}}\n");
        SensorstreamConfig hooked = new ConfigLoader(Map.of("TOKEN", "abc")).read(file, Map.of());
        assertThat(hooked.sinks().get(0).headers()).containsEntry("Authorization", "Bearer abc");
        assertThat(io.sensorstream.app.sink.SinkServices.create(hooked, analytics)).extracting(s -> s.name()).containsExactly("webhook");
        Files.writeString(file, "sinks:\n  - {type: influxdb, url: \"http://influx:8086\"}\n");
        assertThatThrownBy(() -> io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .hasMessageStartingWith("sinks[0].database is missing: the InfluxDB database to write to");
        Files.writeString(file, "sinks:\n  - {type: influxdb, url: \"http://influx:8086\", org: o, bucket: b, token: t}\n");
        assertThat(io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .extracting(s -> s.name()).containsExactly("influxdb");
        Files.writeString(file, "sinks:\n  - {type: alertmanager, url: \"am:9093\"}\n");
        assertThatThrownBy(() -> io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .hasMessageStartingWith("sinks[0].url must be Alertmanager's base URL");
        Files.writeString(file, "sinks:\n  - {type: files, path: /tmp/x, format: orc}\n");
        assertThatThrownBy(() -> io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .hasMessage("sinks[0].format 'orc' is not one of jsonl, csv, parquet");
        Files.writeString(file, "sinks:\n  - {type: files, path: /tmp/x, format: parquet, compression: lz4}\n");
        assertThatThrownBy(() -> io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .hasMessage("sinks[0].compression 'lz4' is not one of snappy, zstd, none");
        Files.writeString(file, "sinks:\n  - {type: files, path: /tmp/x, format: parquet, roll-size: big}\n");
        assertThatThrownBy(() -> io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .hasMessage("sinks[0].roll-size must be a size such as 16MB, is big");
        Files.writeString(file, "sinks:\n  - {type: files, path: /tmp/x, format: parquet, compression: zstd, roll-size: 8MB, roll-interval: 30s}\n");
        assertThat(io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .extracting(s -> s.name()).containsExactly("files");
        Files.writeString(file, "sinks:\n  - {type: mysql}\n");
        assertThatThrownBy(() -> io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .hasMessageStartingWith("sinks[0].type 'mysql' is not a sink type; one of: postgres, influxdb, redis, files, alertmanager, webhook");
        Files.writeString(file, "sinks:\n  - {type: postgres, jdbc-url: \"jdbc:mysql://db/x\"}\n");
        assertThatThrownBy(() -> io.sensorstream.app.sink.SinkServices.create(new ConfigLoader(Map.of()).read(file, Map.of()), analytics))
                .hasMessageStartingWith("sinks[0].jdbc-url must be a PostgreSQL JDBC URL");
        Files.writeString(file, "sinks:\n  - {type: postgres, jdbc-url: \"jdbc:postgresql://db/x\", pasword: x}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(file, Map.of())).hasMessageContaining("unknown configuration key 'sinks.pasword'");
    }

    @Test
    void secretsComeFromFilesAndTheConfigDumpMasksThem() throws IOException {
        Path secret = Files.writeString(dir.resolve("token"), "from-a-file\n");
        Path file = dir.resolve("secure.yaml");
        Files.writeString(file, """
                http: {auth: {token: "${file:%s}", users-file: /etc/sensorstream/users}}
                kafka: {sasl.jaas.config: "org.apache.kafka.common.security.plain.PlainLoginModule required username=\\"app\\" password=\\"${KAFKA_PASSWORD}\\";"}
                sinks:
                  - {type: postgres, jdbc-url: "jdbc:postgresql://db/x?user=app&password=hunter2", password: "${PGPASSWORD}"}
                """.formatted(secret));
        Map<String, String> env = Map.of("KAFKA_PASSWORD", "kafka-pw", "PGPASSWORD", "pg-pw");
        SensorstreamConfig cfg = new ConfigLoader(env).read(file, Map.of());
        assertThat(cfg.http().auth().token()).isEqualTo("from-a-file");
        assertThat(cfg.kafka().get("sasl.jaas.config")).contains("password=\"kafka-pw\"");

        String dump = new ConfigLoader(env).effectiveYaml(file, Map.of("processing.instance-id", "pod-0"));
        assertThat(dump).doesNotContain("from-a-file", "kafka-pw", "pg-pw", "hunter2")
                .contains("token: \"*****\"", "sasl.jaas.config: \"*****\"", "password=*****", "users-file: \"/etc/sensorstream/users\"",
                        "instance-id: \"pod-0\"");
        assertThat(new ConfigLoader(env).read(null, Map.of()).http().auth().enabled()).isFalse();

        Files.writeString(file, "http: {tls: {keystore-password: \"${file:" + dir.resolve("missing") + "}\"}}\n");
        assertThatThrownBy(() -> new ConfigLoader(env).read(file, Map.of()))
                .hasMessage("http.tls.keystore-password refers to ${file:" + dir.resolve("missing") + "}, which cannot be read (NoSuchFileException)");
    }
}
