package io.sensorstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.ProcessorProcess;
import io.sensorstream.app.testing.StreamingScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scale-out with an instance killed, a broker restart mid-stream, and a graceful restart: outputs stay exactly once. */
class FaultToleranceIT {

    @TempDir
    Path dir;

    @Test
    void twoInstancesSplitThePartitionsAndOneTakesOverWhenTheOtherDies() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            String bootstrap = broker.bootstrapServers();
            StreamingScenario scenario = new StreamingScenario(bootstrap, "scale-out", 5).startProducing();
            ProcessorProcess a = ProcessorProcess.start(bootstrap, "scale-out", dir.resolve("state-a"), dir.resolve("a.log"), Map.of());
            ProcessorProcess b = ProcessorProcess.start(bootstrap, "scale-out", dir.resolve("state-b"), dir.resolve("b.log"), Map.of());
            try {
                a.awaitRunning(1, 60_000);
                b.awaitRunning(1, 60_000);
                Thread.sleep(3_000);
                a.kill();
                Thread.sleep(8_000); // b takes over a's partitions after the session timeout
                scenario.stopProducing();
                StreamingScenario.Outcome o = scenario.verify();
                System.out.printf("scale-out: records=%d windows=%d lost=%d duplicated=%d%n", o.records(), o.windows(), o.lost(), o.duplicated());
                assertThat(b.isAlive()).isTrue();
            } finally {
                scenario.stopProducing();
                b.terminate();
            }
        }
    }

    /**
     * Standby replicas ({@code kafka.num.standby.replicas: 1}): when a second instance joins, tasks the first ran move
     * and the first keeps them as standbys (Kafka Streams recycles the committed active task: the in-memory mirror gives
     * its values back to the store, which keeps restoring); when the first is then killed, the second promotes its
     * standbys. Outputs stay exactly once against the ground truth.
     */
    @Test
    void standbyReplicasTakeOverAndGiveBackStateExactlyOnce() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            String bootstrap = broker.bootstrapServers();
            StreamingScenario scenario = new StreamingScenario(bootstrap, "standby", 19).startProducing();
            Map<String, String> env = Map.of("SENSORSTREAM_KAFKA_NUM_STANDBY_REPLICAS", "1",
                    "SENSORSTREAM_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "10000", "SENSORSTREAM_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "2000");
            ProcessorProcess a = ProcessorProcess.start(bootstrap, "standby", dir.resolve("state-a"), dir.resolve("a.log"), env);
            ProcessorProcess b = null;
            try {
                a.awaitRunning(1, 60_000);
                a.awaitLog(l -> l.contains("Processor owns input partitions [0, 1, 2, 3]"), 30_000);
                Thread.sleep(3_000);
                b = ProcessorProcess.start(bootstrap, "standby", dir.resolve("state-b"), dir.resolve("b.log"), env);
                b.awaitRunning(1, 60_000);
                // a ran every task: a standby of a's now is a task it ran as active before, recycled after a commit
                a.awaitLog(l -> l.contains("Processor owns input partitions") && !l.endsWith("(standby for [])"), 60_000);
                assertThat(a.logLines()).as("active tasks recycled into standbys gave their state back")
                        .anyMatch(l -> l.contains("values handed back to the in-memory store"));
                b.awaitLog(l -> l.contains("Processor owns input partitions") && !l.endsWith("(standby for [])"), 60_000);
                Thread.sleep(3_000);
                a.kill();
                b.awaitLog(l -> l.contains("Processor owns input partitions [0, 1, 2, 3]"), 60_000);
                Thread.sleep(3_000);
                scenario.stopProducing();
                StreamingScenario.Outcome o = scenario.verify();
                System.out.printf("standby: records=%d windows=%d lost=%d duplicated=%d%n", o.records(), o.windows(), o.lost(), o.duplicated());
                assertThat(b.isAlive()).isTrue();
            } finally {
                scenario.stopProducing();
                a.terminate();
                if (b != null) b.terminate();
            }
        }
    }

    @Test
    void brokerRestartMidStreamLosesAndDoublesNothing() throws Exception {
        int port = Ports.free();
        Path data = dir.resolve("kafka");
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port, data, 4, Map.of()).start(Duration.ofSeconds(90));
        String bootstrap = broker.bootstrapServers();
        StreamingScenario scenario = new StreamingScenario(bootstrap, "broker-restart", 11).startProducing();
        ProcessorProcess p = ProcessorProcess.start(bootstrap, "broker-restart", dir.resolve("state"), dir.resolve("p.log"), Map.of());
        try {
            p.awaitRunning(1, 60_000);
            Thread.sleep(3_000);
            broker.close();
            Thread.sleep(2_000);
            broker = new EmbeddedKafkaBroker(port, data, 4, Map.of()).start(Duration.ofSeconds(90));
            Thread.sleep(8_000);
            scenario.stopProducing();
            StreamingScenario.Outcome o = scenario.verify();
            System.out.printf("broker restart: records=%d windows=%d lost=%d duplicated=%d%n", o.records(), o.windows(), o.lost(), o.duplicated());
            assertThat(p.isAlive()).as("the processor recovered by itself").isTrue();
        } finally {
            scenario.stopProducing();
            p.terminate();
            broker.close();
        }
    }

    /**
     * Static membership ({@code processing.instance-id}) with Kafka's default 45 s session timeout: an instance killed
     * with SIGKILL and restarted takes its partitions back at once instead of waiting for its old session to expire,
     * and so does a clean restart (the close leaves the group); outputs stay exactly once. Without static membership
     * the crash restart waits the full session timeout ({@code bench/…/restart/RestartTimes} measures both).
     */
    @Test
    void staticMembersRestartWithoutWaitingForTheSessionTimeout() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            String bootstrap = broker.bootstrapServers();
            StreamingScenario scenario = new StreamingScenario(bootstrap, "static", 13).startProducing();
            Map<String, String> env = Map.of("SENSORSTREAM_PROCESSING_INSTANCE_ID", "static-0",
                    "SENSORSTREAM_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "45000",
                    "SENSORSTREAM_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "3000");
            ProcessorProcess p = ProcessorProcess.start(bootstrap, "static", dir.resolve("state"), dir.resolve("1.log"), env);
            try {
                p.awaitRunning(1, 60_000);
                Thread.sleep(3_000);
                p.kill();
                p = ProcessorProcess.start(bootstrap, "static", dir.resolve("state"), dir.resolve("2.log"), env);
                p.awaitRunning(1, 25_000); // well under the 45 s session timeout of the killed instance
                Thread.sleep(3_000);
                assertThat(p.terminate()).isEqualTo(143);
                assertThat(p.logLines()).anyMatch(l -> l.contains("Stopping processor in state RUNNING") && l.contains("then leaving the group"));
                p = ProcessorProcess.start(bootstrap, "static", dir.resolve("state"), dir.resolve("3.log"), env);
                p.awaitRunning(1, 25_000);
                Thread.sleep(3_000);
                scenario.stopProducing();
                StreamingScenario.Outcome o = scenario.verify();
                System.out.printf("static membership: records=%d windows=%d lost=%d duplicated=%d%n", o.records(), o.windows(), o.lost(), o.duplicated());
                // a SIGTERM while the processor is still starting stops it promptly, saying what it waits for
                p.terminate();
                p = ProcessorProcess.start(bootstrap, "static", dir.resolve("state"), dir.resolve("4.log"), env);
                p.awaitLog(l -> l.contains("CREATED -> REBALANCING"), 30_000);
                long sigterm = System.nanoTime();
                assertThat(p.terminate()).isEqualTo(143);
                assertThat((System.nanoTime() - sigterm) / 1e9).as("seconds from SIGTERM to exit while starting").isLessThan(30);
                assertThat(p.logLines()).anyMatch(l -> l.contains("Stopping processor in state") && l.contains("waiting for"));
            } finally {
                scenario.stopProducing();
                p.terminate();
            }
        }
    }

    /**
     * A rolling upgrade: two static members share the partitions while readings flow; each is stopped (SIGTERM) and
     * started again with a changed, compatible configuration (another poll size and commit interval), one after the
     * other, the second only once the first is back. Outputs stay exactly once against the ground truth.
     */
    @Test
    void rollingRestartWithAChangedConfigurationKeepsOutputsExactlyOnce() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            String bootstrap = broker.bootstrapServers();
            StreamingScenario scenario = new StreamingScenario(bootstrap, "rolling", 17).startProducing();
            Map<String, String> a = Map.of("SENSORSTREAM_PROCESSING_INSTANCE_ID", "rolling-a");
            Map<String, String> b = Map.of("SENSORSTREAM_PROCESSING_INSTANCE_ID", "rolling-b");
            Map<String, String> upgraded = Map.of("SENSORSTREAM_KAFKA_CONSUMER_MAX_POLL_RECORDS", "500",
                    "SENSORSTREAM_PROCESSING_COMMIT_INTERVAL", "500ms");
            ProcessorProcess pa = ProcessorProcess.start(bootstrap, "rolling", dir.resolve("state-a"), dir.resolve("a1.log"), a);
            ProcessorProcess pb = ProcessorProcess.start(bootstrap, "rolling", dir.resolve("state-b"), dir.resolve("b1.log"), b);
            try {
                pa.awaitRunning(1, 60_000);
                pb.awaitRunning(1, 60_000);
                Thread.sleep(3_000);
                assertThat(pa.terminate()).isEqualTo(143);
                pa = ProcessorProcess.start(bootstrap, "rolling", dir.resolve("state-a"), dir.resolve("a2.log"), merge(a, upgraded));
                pa.awaitRunning(1, 60_000);
                Thread.sleep(3_000);
                assertThat(pb.terminate()).isEqualTo(143);
                pb = ProcessorProcess.start(bootstrap, "rolling", dir.resolve("state-b"), dir.resolve("b2.log"), merge(b, upgraded));
                pb.awaitRunning(1, 60_000);
                Thread.sleep(3_000);
                scenario.stopProducing();
                StreamingScenario.Outcome o = scenario.verify();
                System.out.printf("rolling restart: records=%d windows=%d lost=%d duplicated=%d%n", o.records(), o.windows(), o.lost(), o.duplicated());
            } finally {
                scenario.stopProducing();
                pa.terminate();
                pb.terminate();
            }
        }
    }

    private static Map<String, String> merge(Map<String, String> x, Map<String, String> y) {
        Map<String, String> m = new java.util.HashMap<>(x);
        m.putAll(y);
        return m;
    }

    /**
     * With RocksDB stores, a clean stop checkpoints the local state and a restart restores nothing from the changelogs.
     * (In-memory stores, the default, always restore from their changelogs at start: the trade-off in the README.)
     */
    @Test
    void gracefulShutdownCommitsSoACleanRestartWithRocksDbRestoresNothing() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            String bootstrap = broker.bootstrapServers();
            StreamingScenario scenario = new StreamingScenario(bootstrap, "graceful", 3).startProducing();
            Path first = dir.resolve("first.log");
            Path second = dir.resolve("second.log");
            Map<String, String> rocksdb = Map.of("SENSORSTREAM_PROCESSING_STATE_STORE", "rocksdb");
            ProcessorProcess p = ProcessorProcess.start(bootstrap, "graceful", dir.resolve("state"), first, rocksdb);
            try {
                p.awaitRunning(1, 60_000);
                Thread.sleep(4_000);
                assertThat(p.terminate()).as("exit code after SIGTERM").isEqualTo(143);
                List<String> firstLog = p.logLines();
                assertThat(firstLog).anyMatch(l -> l.contains("PENDING_SHUTDOWN -> NOT_RUNNING"));
                p = ProcessorProcess.start(bootstrap, "graceful", dir.resolve("state"), second, rocksdb);
                p.awaitRunning(1, 60_000);
                Thread.sleep(2_000);
                scenario.stopProducing();
                scenario.verify();
                List<String> restored = p.logLines().stream().filter(l -> l.contains("Restored ") && !l.contains("Restored 0 records")).toList();
                assertThat(restored).as("a clean restart restores no state").isEmpty();
            } finally {
                scenario.stopProducing();
                p.terminate();
            }
        }
    }
}
