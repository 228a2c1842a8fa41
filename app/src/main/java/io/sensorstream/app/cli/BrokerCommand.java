package io.sensorstream.app.cli;

import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a real Apache Kafka broker (KRaft) in this process: single-node, or one node of a cluster "
                + "(--node-id ...; replication factor 3). Any Kafka client can use it.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port on localhost (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "data/kafka",
            description = "Where the broker keeps its logs; reused across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of auto-created topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--advertised-host", description = "Listen on every interface and have clients connect to this host name "
            + "(a broker in a container, e.g. kafka in the Compose stack); default: localhost only.")
    String advertisedHost;

    @Option(names = "--node-id", description = "Cluster mode: this node's id (1, 2, 3, ...); needs the three options below.")
    Integer nodeId;

    @Option(names = "--controller-port", description = "Cluster mode: this node's controller (KRaft quorum) port on localhost.")
    Integer controllerPort;

    @Option(names = "--controller-quorum", description = "Cluster mode: every node's controller, e.g. 1@localhost:9093,2@localhost:9095,3@localhost:9097.")
    String quorum;

    @Option(names = "--cluster-id", description = "Cluster mode: the same id on every node (e.g. from kafka-storage random-uuid).")
    String clusterId;

    @Override
    public Integer call() throws Exception {
        FatalBrokerExit.install();
        boolean cluster = nodeId != null || controllerPort != null || quorum != null || clusterId != null;
        if (cluster && (nodeId == null || controllerPort == null || quorum == null || clusterId == null)) {
            throw new io.sensorstream.app.UserError("cluster mode needs all of --node-id, --controller-port, --controller-quorum and --cluster-id");
        }
        try (Lifecycle lifecycle = new Lifecycle()) {
            EmbeddedKafkaBroker broker = lifecycle.add(new EmbeddedKafkaBroker(port, dataDir.toAbsolutePath(), partitions, Map.of()));
            if (advertisedHost != null) {
                broker.advertising(advertisedHost);
            }
            if (cluster) {
                broker.asClusterMember(new EmbeddedKafkaBroker.ClusterMember(nodeId, controllerPort, quorum, clusterId));
            }
            broker.start(Duration.ofSeconds(90));
            String at = advertisedHost != null ? advertisedHost + ":" + port : broker.bootstrapServers();
            System.out.println("Kafka broker ready at " + at + " (data: " + broker.dataDir()
                    + "). Press Ctrl-C to stop.");
            lifecycle.awaitStop();
        }
        return 0;
    }
}
