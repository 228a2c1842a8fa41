package io.sensorstream.app;

import java.nio.file.Files;
import java.util.List;
import org.assertj.core.api.Assertions;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.ProcessorProcess;
import io.sensorstream.app.testing.StreamingScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under {@code kill -9}: the processor runs as a separate OS process against the embedded broker while
 * a producer streams a known, disordered input with malformed and late records; the processor is killed with
 * SIGKILL at random moments and restarted each time. At the end the output topics, read with read_committed, must
 * hold every window result and alert exactly once, equal to the ground truth computed offline.
 *
 * <p>{@code -Dcrash.kills=N} sets the number of kills at random moments (default 3), followed by one more once the
 * processor has worked for 3 s (so that restart restores state and reports it); {@code ./bench/crash-test --kills 20} runs the long
 * form. Prints {@code kills=N lost=L duplicated=D}, counted against the ground truth.
 */
class CrashRecoveryIT {

    @TempDir
    Path dir;

    private static long runningLines(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("-> RUNNING")).count() : 0;
    }

    @Test
    void exactlyOnceAcrossRepeatedKills() throws Exception {
        int kills = Integer.getInteger("crash.kills", 3);
        SplittableRandom random = new SplittableRandom(Long.getLong("crash.seed", 7));
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            StreamingScenario scenario = new StreamingScenario(broker.bootstrapServers(), "crash-test", 99).startProducing();
            Path log = dir.resolve("processor.log");
            ProcessorProcess processor = ProcessorProcess.start(broker.bootstrapServers(), "crash-test", dir.resolve("state"), log, Map.of());
            int done = 0;
            try {
                long runningAtStart = 0;
                while (done < kills) {
                    Thread.sleep(1_500 + random.nextLong(2_500));
                    processor.kill();
                    done++;
                    runningAtStart = runningLines(log);
                    processor = ProcessorProcess.start(broker.bootstrapServers(), "crash-test", dir.resolve("state"), log, Map.of());
                }
                // one more kill once the processor has worked for a while, so the last restart has state to restore
                processor.awaitRunning((int) runningAtStart + 1, 120_000);
                Thread.sleep(3_000);
                processor.kill();
                done++;
                long before = runningLines(log);
                processor = ProcessorProcess.start(broker.bootstrapServers(), "crash-test", dir.resolve("state"), log, Map.of());
                processor.awaitRunning((int) before + 1, 120_000);
                Thread.sleep(2_000);
                scenario.stopProducing();
                StreamingScenario.Outcome o = scenario.verify();
                System.out.printf("crash test: records=%d windows=%d alerts=%d alert_events=%d%n", o.records(), o.windows(), o.alerts(),
                        o.alertEvents());
                System.out.printf("kills=%d lost=%d duplicated=%d%n", done, o.lost(), o.duplicated());
                // a restart restores its stores from the changelogs (from the local checkpoint on), and says so with the time
                List<String> restored = Files.readAllLines(log).stream()
                        .filter(l -> l.matches(".*Restored [1-9][0-9]* records of store '\\S+' from \\S+ in [0-9]+ ms")).toList();
                Assertions.assertThat(restored).as("restores reported in the log").isNotEmpty();
            } finally {
                scenario.stopProducing();
                processor.terminate();
            }
        }
    }
}
