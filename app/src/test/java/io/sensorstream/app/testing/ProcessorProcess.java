package io.sensorstream.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code sensorstream run} as a separate OS process, as it runs in production: killable, restartable, logging to a file. */
public final class ProcessorProcess {

    private final Process process;
    private final Path log;

    private ProcessorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param env extra environment (configuration overrides); fail-over is kept quick with the broker's minimum
     *            session timeout unless given
     */
    public static ProcessorProcess start(String bootstrap, String applicationId, Path stateDir, Path log, Map<String, String> env)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + ProcessorProcess.class.getResource("/logback.xml"),
                "-cp", System.getProperty("java.class.path"), "io.sensorstream.app.Main", "run",
                "--bootstrap-servers", bootstrap);
        Map<String, String> e = pb.environment();
        e.put("SENSORSTREAM_APPLICATION_ID", applicationId);
        e.put("SENSORSTREAM_HTTP_ENABLED", "false");
        e.put("SENSORSTREAM_PROCESSING_STATE_DIR", stateDir.toString());
        e.put("SENSORSTREAM_LOG_LEVEL", "INFO");
        // a killed member leaves the group after the session timeout: keep fail-over quick (the broker's minimum)
        e.put("SENSORSTREAM_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000");
        e.put("SENSORSTREAM_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
        e.putAll(StreamingScenario.ENVIRONMENT);
        e.putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ProcessorProcess(pb.start(), log);
    }

    /** SIGKILL: no shutdown hook, no commit, no checkpoint. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the orderly shutdown; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.toHandle().destroyForcibly();
            throw new IllegalStateException("processor did not stop within 90 s of SIGTERM");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the log shows the processor RUNNING (at least {@code times} times in total). */
    public void awaitRunning(int times, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (logLines().stream().filter(l -> l.contains("-> RUNNING")).count() >= times) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("processor not RUNNING within " + timeoutMs + " ms; log: " + log);
    }

    /** Waits until a log line matches. */
    public void awaitLog(java.util.function.Predicate<String> line, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (logLines().stream().anyMatch(line)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no matching log line within " + timeoutMs + " ms; log: " + log);
    }

    public List<String> logLines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
