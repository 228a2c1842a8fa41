package io.sensorstream.app.broker;

import io.sensorstream.app.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker (KRaft, broker and controller in one process) running inside this JVM,
 * for the demo, for tests and for anyone who wants a local Kafka without installing one. It is the same server
 * code as a production broker, from Maven Central; any Kafka client can connect to it.
 *
 * <p>Formats its storage on first start (as {@code kafka-storage format} does) and reuses it afterwards, so a broker
 * restarted on the same data directory keeps its topics, offsets and transactions. Internal topics are small
 * (4 partitions, replication 1) so it starts in seconds.
 *
 * <p>Retention is by size ({@value #RETENTION_BYTES_PER_PARTITION} bytes a partition), not by time: results carry
 * event-time timestamps, and with Kafka's default of 7 days a replay or simulation of older data would have its
 * results deleted by the first retention check (30 s after start), committed or not.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String LISTENER = "PLAINTEXT";
    private static final String CONTROLLER = "CONTROLLER";
    /** Size retention a partition: 1 GiB. */
    public static final long RETENTION_BYTES_PER_PARTITION = 1L << 30;

    private final int port;
    private final Path dataDir;
    private final int defaultPartitions;
    private final Map<String, String> overrides;
    private SaslSslListener secure;
    /** Host name clients are told to connect to; null: localhost, listening on localhost only. */
    private String advertisedHost;
    private ClusterMember member;
    private KafkaRaftServer server;

    /**
     * A second client listener with SASL over TLS, as production clusters have: mechanisms PLAIN and SCRAM-SHA-512,
     * each user with the same password for both. The broker's own traffic stays on the plaintext listener.
     *
     * @param keystore PKCS12 keystore with the broker's key and certificate
     * @param users    user name → password
     */
    public record SaslSslListener(int port, Path keystore, String keystorePassword, Map<String, String> users) {
        public SaslSslListener {
            users = Map.copyOf(users);
        }
    }

    /**
     * @param port              the client port on localhost (9092 for the usual default)
     * @param dataDir           where logs and metadata live; created if missing
     * @param defaultPartitions partitions of auto-created topics
     * @param overrides         extra broker properties, applied last
     */
    public EmbeddedKafkaBroker(int port, Path dataDir, int defaultPartitions, Map<String, String> overrides) {
        this.port = port;
        this.dataDir = dataDir;
        this.defaultPartitions = defaultPartitions;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * One node of a multi-node KRaft cluster (each node broker and controller, in its own process): replication factor 3
     * and {@code min.insync.replicas} 2 for every topic, the transaction log and the offsets, as in production.
     *
     * @param voters    the controller quorum, {@code 1@localhost:9093,2@localhost:9095,...}; the same on every node
     * @param clusterId the same on every node (a {@code Uuid} string); storage is formatted with it on the first start
     */
    public record ClusterMember(int nodeId, int controllerPort, String voters, String clusterId) {
    }

    /** Makes this broker one node of a cluster (before {@link #start}). */
    public synchronized EmbeddedKafkaBroker asClusterMember(ClusterMember member) {
        if (server != null) {
            throw new IllegalStateException("configure the cluster membership before start");
        }
        this.member = member;
        return this;
    }

    /**
     * Serves clients on every interface and tells them to connect to {@code host} (before {@link #start}): for a broker
     * in a container that other containers reach by name, e.g. {@code kafka} in the Compose stack. Default: localhost
     * only.
     */
    public synchronized EmbeddedKafkaBroker advertising(String host) {
        if (server != null) {
            throw new IllegalStateException("set the advertised host before start");
        }
        this.advertisedHost = host;
        return this;
    }

    /** Adds a SASL_SSL listener (before {@link #start}); its users get PLAIN and SCRAM-SHA-512 credentials. */
    public synchronized EmbeddedKafkaBroker withSaslSslListener(SaslSslListener listener) {
        if (server != null) {
            throw new IllegalStateException("add the SASL_SSL listener before start");
        }
        this.secure = listener;
        return this;
    }

    /** {@code localhost:<port>} of the SASL_SSL listener. */
    public String secureBootstrapServers() {
        if (secure == null) {
            throw new IllegalStateException("no SASL_SSL listener configured");
        }
        return "localhost:" + secure.port();
    }

    /** Starts the broker and waits until it serves clients. */
    public synchronized EmbeddedKafkaBroker start(Duration timeout) {
        if (server != null) {
            throw new IllegalStateException("broker already started");
        }
        ensurePortFree(port, "Kafka port " + port + " is already in use: stop what uses it or choose another port (--kafka-port/--port)");
        int controllerPort = member != null ? member.controllerPort() : freePort();
        Properties props = brokerProperties(controllerPort);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        format(config, props);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        s.startup();
        server = s;
        awaitReady(timeout);
        if (secure != null) {
            addScramUsers();
        }
        LOG.info("Embedded Kafka broker ready at {} (data in {})", bootstrapServers(), dataDir);
        return this;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
        LOG.info("Embedded Kafka broker stopped");
    }

    private Properties brokerProperties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", LISTENER + "://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", LISTENER + "://localhost:" + port);
        p.put("listener.security.protocol.map", LISTENER + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", LISTENER);
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", Integer.toString(defaultPartitions));
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", Long.toString(RETENTION_BYTES_PER_PARTITION));
        if (member != null) {
            p.put("node.id", Integer.toString(member.nodeId()));
            p.put("controller.quorum.voters", member.voters());
            for (String rf : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor", "default.replication.factor",
                    "share.coordinator.state.topic.replication.factor")) {
                p.put(rf, "3");
            }
            p.put("transaction.state.log.min.isr", "2");
            p.put("share.coordinator.state.topic.min.isr", "2");
            p.put("min.insync.replicas", "2");
            p.put("unclean.leader.election.enable", "false");
        }
        if (advertisedHost != null) {
            p.put("listeners", p.getProperty("listeners").replace(LISTENER + "://localhost:", LISTENER + "://0.0.0.0:"));
            p.put("advertised.listeners", LISTENER + "://" + advertisedHost + ":" + port);
        }
        if (secure != null) {
            String name = "SASL_SSL";
            p.put("listeners", p.getProperty("listeners") + "," + name + "://localhost:" + secure.port());
            p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + name + "://localhost:" + secure.port());
            p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + "," + name + ":SASL_SSL");
            String prefix = "listener.name.sasl_ssl.";
            p.put(prefix + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
            p.put(prefix + "ssl.keystore.location", secure.keystore().toString());
            p.put(prefix + "ssl.keystore.password", secure.keystorePassword());
            p.put(prefix + "ssl.key.password", secure.keystorePassword());
            p.put(prefix + "ssl.keystore.type", "PKCS12");
            StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            secure.users().forEach((user, password) -> plain.append(" user_").append(user).append("=\"").append(password).append('"'));
            p.put(prefix + "plain.sasl.jaas.config", plain.append(';').toString());
            p.put(prefix + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        overrides.forEach(p::put);
        return p;
    }

    private void addScramUsers() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<UserScramCredentialAlteration> users = secure.users().entrySet().stream()
                    .<UserScramCredentialAlteration>map(u -> new UserScramCredentialUpsertion(u.getKey(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), u.getValue()))
                    .toList();
            admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SCRAM users of the SASL_SSL listener: " + e, e);
        }
    }

    private void format(KafkaConfig config, Properties props) {
        if (Files.exists(Path.of(props.getProperty("log.dirs"), "meta.properties"))) {
            return; // formatted by an earlier start: keep its cluster id, topics and offsets
        }
        try {
            Files.createDirectories(dataDir);
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(member != null ? member.nodeId() : 1)
                    .setClusterId(member != null ? member.clusterId() : Uuid.randomUuid().toString())
                    .setDirectories(List.of(props.getProperty("log.dirs")))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName(CONTROLLER)
                    .setIgnoreFormatted(true);
            formatter.run();
        } catch (Exception e) {
            throw new UserError("cannot format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new UserError("embedded Kafka broker did not become ready within " + timeout, e);
                    }
                }
                sleep(100);
            }
        }
    }

    /** Fails with {@code message} when {@code port} on localhost cannot be bound. */
    public static void ensurePortFree(int port, String message) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("localhost"), port));
        } catch (IOException e) {
            throw new PortInUseException(message);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the Kafka controller: " + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}
