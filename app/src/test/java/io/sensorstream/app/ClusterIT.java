package io.sensorstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.testing.BrokerProcess;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.ProcessorProcess;
import io.sensorstream.app.testing.StreamingScenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sensorstream on a three-broker KRaft cluster (three broker processes, each also a controller; replication factor 3,
 * {@code min.insync.replicas} 2): three processor instances with the same application id and static membership share
 * the partitions while a producer streams; meanwhile one broker and one processor are killed with SIGKILL and brought
 * back. Every window result and alert must appear exactly once and equal the ground truth. Prints the fail-over times.
 *
 * <p>{@code -Dcluster.rounds=N} repeats the broker/processor kills N times (default 1); {@code ./bench/cluster-test}
 * runs the long form.
 */
class ClusterIT {

    @TempDir
    Path dir;

    @Test
    void exactlyOnceOnAThreeBrokerClusterWithABrokerAndAProcessorKilled() throws Exception {
        int rounds = Integer.getInteger("cluster.rounds", 1);
        int[] ports = {Ports.free(), Ports.free(), Ports.free()};
        int[] controllers = {Ports.free(), Ports.free(), Ports.free()};
        String voters = "1@localhost:" + controllers[0] + ",2@localhost:" + controllers[1] + ",3@localhost:" + controllers[2];
        String clusterId = Uuid.randomUuid().toString();
        String bootstrap = "localhost:" + ports[0] + ",localhost:" + ports[1] + ",localhost:" + ports[2];
        BrokerProcess[] brokers = new BrokerProcess[3];
        for (int i = 0; i < 3; i++) {
            brokers[i] = BrokerProcess.start(i + 1, ports[i], controllers[i], voters, clusterId, dir.resolve("kafka-" + (i + 1)),
                    dir.resolve("broker-" + (i + 1) + ".log"));
        }
        List<ProcessorProcess> processors = new ArrayList<>();
        StreamingScenario scenario = null;
        long begin = System.nanoTime();
        try {
            for (BrokerProcess b : brokers) {
                b.awaitReady(120_000);
            }
            System.out.printf("cluster: three brokers ready after %.1f s%n", (System.nanoTime() - begin) / 1e9);
            // a quarter of the usual rate: six JVMs share two cores here, and the test should measure fail-over, not the backlog
            scenario = new StreamingScenario(bootstrap, "cluster", 23, 150.0).startProducing();
            for (int i = 0; i < 3; i++) {
                processors.add(ProcessorProcess.start(bootstrap, "cluster", dir.resolve("state-" + i), dir.resolve("processor-" + i + "-0.log"),
                        Map.of("SENSORSTREAM_PROCESSING_INSTANCE_ID", "cluster-" + i)));
            }
            for (ProcessorProcess p : processors) {
                p.awaitRunning(1, 120_000);
            }
            System.out.printf("cluster: three processors RUNNING after %.1f s%n", (System.nanoTime() - begin) / 1e9);
            assertReplicated(bootstrap);
            for (int round = 1; round <= rounds; round++) {
                Thread.sleep(4_000);
                int b = round % 3;
                brokers[b].kill();
                Thread.sleep(4_000);
                int p = round % 3;
                Map<Integer, Integer> ownersBefore = owners(processors);
                processors.get(p).kill();
                long killed = System.nanoTime();
                ProcessorProcess restarted = ProcessorProcess.start(bootstrap, "cluster", dir.resolve("state-" + p),
                        dir.resolve("processor-" + p + "-" + round + ".log"), Map.of("SENSORSTREAM_PROCESSING_INSTANCE_ID", "cluster-" + p));
                processors.set(p, restarted);
                restarted.awaitRunning(1, 120_000);
                double processorBack = (System.nanoTime() - killed) / 1e9;
                Map<Integer, Integer> ownersAfter = awaitOwners(processors, 4, 30_000);
                long moved = ownersBefore.entrySet().stream().filter(e -> !e.getValue().equals(ownersAfter.get(e.getKey()))).count();
                System.out.printf("cluster round %d: input partition owners before the kill %s, after the restart %s: %d moved%n",
                        round, ownersBefore, ownersAfter, moved);
                long brokerStart = System.nanoTime();
                brokers[b] = BrokerProcess.start(b + 1, ports[b], controllers[b], voters, clusterId, dir.resolve("kafka-" + (b + 1)),
                        dir.resolve("broker-" + (b + 1) + "-" + round + ".log"));
                brokers[b].awaitReady(120_000);
                double brokerReady = (System.nanoTime() - brokerStart) / 1e9;
                double inSync = awaitFullyReplicated(bootstrap, 120_000) + brokerReady;
                System.out.printf("cluster round %d: broker %d (SIGKILL) restarted: ready after %.1f s, every partition back to 3 in-sync"
                        + " replicas after %.1f s; processor %d (SIGKILL) restarted while a broker was down: RUNNING after %.1f s%n",
                        round, b + 1, brokerReady, inSync, p, processorBack);
            }
            Thread.sleep(4_000);
            scenario.stopProducing();
            long verifying = System.nanoTime();
            StreamingScenario.Outcome o = scenario.verify();
            System.out.printf("cluster: verified in %.1f s%n", (System.nanoTime() - verifying) / 1e9);
            System.out.printf("cluster: rounds=%d records=%d windows=%d alerts=%d lost=%d duplicated=%d%n", rounds, o.records(), o.windows(),
                    o.alerts(), o.lost(), o.duplicated());
        } finally {
            if (scenario != null) scenario.stopProducing();
            for (ProcessorProcess p : processors) p.terminate();
            for (BrokerProcess b : brokers) b.terminate();
        }
    }

    /** Waits until every partition has three in-sync replicas again; returns the seconds waited. */
    private static double awaitFullyReplicated(String bootstrap, long timeoutMs) throws Exception {
        long start = System.nanoTime();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() - start < timeoutMs * 1_000_000L) {
                var names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                boolean full = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .allMatch(t -> t.partitions().stream().allMatch(part -> part.isr().size() == 3));
                if (full) {
                    return (System.nanoTime() - start) / 1e9;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("partitions not fully replicated again within " + timeoutMs + " ms");
    }

    /** The topics sensorstream and Kafka Streams created have three replicas, so a broker can die without loss. */
    private static void assertReplicated(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            var names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.keySet()).anyMatch(n -> n.endsWith("-changelog")).contains("sensor-readings-raw", "sensor-readings-aggregated");
            topics.values().forEach(t -> t.partitions().forEach(part ->
                    assertThat(part.replicas()).as(t.name() + "-" + part.partition() + " replicas").hasSize(3)));
        }
    }

    /**
     * Input partition → index of the processor that owns it, from each processor's last "owns input partitions" log
     * line (logged at every transition to RUNNING).
     */
    private static Map<Integer, Integer> owners(List<ProcessorProcess> processors) throws IOException {
        Map<Integer, Integer> owners = new TreeMap<>();
        Pattern owns = Pattern.compile("owns input partitions \\[([0-9, ]*)\\]");
        for (int i = 0; i < processors.size(); i++) {
            String last = null;
            for (String line : processors.get(i).logLines()) {
                Matcher m = owns.matcher(line);
                if (m.find()) last = m.group(1);
            }
            if (last == null || last.isBlank()) continue;
            for (String part : last.split(",\\s*")) owners.put(Integer.parseInt(part.trim()), i);
        }
        return owners;
    }

    /** The owners once {@code partitions} partitions have one (each processor logs its own a moment after RUNNING). */
    private static Map<Integer, Integer> awaitOwners(List<ProcessorProcess> processors, int partitions, long timeoutMs)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + timeoutMs * 1_000_000;
        Map<Integer, Integer> owners = owners(processors);
        while (owners.size() < partitions && System.nanoTime() < until) {
            Thread.sleep(500);
            owners = owners(processors);
        }
        return owners;
    }
}
