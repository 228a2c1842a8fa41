package io.sensorstream.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One node of a multi-node KRaft cluster ({@code sensorstream broker --node-id ...}) as its own OS process: killable, restartable. */
public final class BrokerProcess {

    private final Process process;
    private final Path log;

    private BrokerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static BrokerProcess start(int nodeId, int port, int controllerPort, String voters, String clusterId, Path dataDir, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Dlogback.configurationFile=" + BrokerProcess.class.getResource("/logback.xml"),
                "-cp", System.getProperty("java.class.path"), "io.sensorstream.app.Main", "broker",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString(), "--partitions", "4",
                "--node-id", Integer.toString(nodeId), "--controller-port", Integer.toString(controllerPort),
                "--controller-quorum", voters, "--cluster-id", clusterId);
        pb.environment().put("KAFKA_LOG_LEVEL", "WARN");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new BrokerProcess(pb.start(), log);
    }

    /** SIGKILL: the node vanishes as in a crash. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public void terminate() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.toHandle().destroyForcibly();
        }
    }

    /** Waits for the broker's ready line. */
    public void awaitReady(long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.contains("Kafka broker ready at"))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited; log: " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("broker not ready within " + timeoutMs + " ms; log: " + log);
    }
}
