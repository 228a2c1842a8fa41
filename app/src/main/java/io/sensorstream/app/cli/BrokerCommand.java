package io.sensorstream.app.cli;

import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a real single-node Apache Kafka broker (KRaft) in this process. Any Kafka client can use it.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port on localhost (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "data/kafka",
            description = "Where the broker keeps its logs; reused across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of auto-created topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        FatalBrokerExit.install();
        try (Lifecycle lifecycle = new Lifecycle()) {
            EmbeddedKafkaBroker broker = lifecycle.add(new EmbeddedKafkaBroker(port, dataDir.toAbsolutePath(), partitions, Map.of()));
            broker.start(Duration.ofSeconds(90));
            System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (data: " + broker.dataDir()
                    + "). Press Ctrl-C to stop.");
            lifecycle.awaitStop();
        }
        return 0;
    }
}
