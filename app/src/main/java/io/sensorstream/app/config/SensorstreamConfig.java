package io.sensorstream.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole configuration as plain values, read from YAML and the environment by {@link ConfigLoader}; every key is
 * documented in {@code sensorstream-defaults.yaml} and the README. {@link PipelineAssembly} turns it into what runs.
 */
public record SensorstreamConfig(String applicationId, String bootstrapServers, TopicsConfig topics, InputConfig input,
                                 WindowConfig window, StatisticsConfig statistics, DetectConfig detect,
                                 ProcessingConfig processing, HttpConfig http, IngestConfig ingest, List<SinkConfig> sinks,
                                 Map<String, String> kafka) {

    public SensorstreamConfig {
        sinks = sinks == null ? List.of() : List.copyOf(sinks);
    }

    /** This configuration with {@code more} sinks after the configured ones (the demo's {@code --sink}). */
    public SensorstreamConfig withSinks(List<SinkConfig> more) {
        List<SinkConfig> all = new ArrayList<>(sinks);
        all.addAll(more);
        return new SensorstreamConfig(applicationId, bootstrapServers, topics, input, window, statistics, detect, processing, http,
                ingest, all, kafka);
    }

    public record TopicsConfig(String raw, String aggregated, String alerts, String alertEvents, String deadLetter, String late,
                               String scores, boolean create, int partitions, short replicationFactor, Map<String, String> configs) {
        public TopicsConfig {
            configs = configs == null ? Map.of() : Map.copyOf(configs);
            scores = scores == null ? "" : scores;
        }
    }

    public record MetricConfig(String name, String field, Double min, Double max, Boolean required) {
    }

    public record InputConfig(String sensorIdField, String valueField, double minValue, double maxValue,
                              List<MetricConfig> extraMetrics, List<String> tags, String timestampField,
                              String timestampFormat, Duration maxFuture, boolean deduplicate) {
    }

    public record AdditionalWindow(String kind, Duration size, Duration advance, Duration gap) {
    }

    public record WindowConfig(Duration size, Duration advance, List<AdditionalWindow> additional,
                               Duration watermarkDelay, Duration allowedLateness, Duration earlyInterval,
                               Duration idleTimeout) {
    }

    public record StatisticsConfig(List<Double> percentiles) {
    }

    /**
     * The seed's jump alert, and the detector suite: which detectors run, their parameters (YAML {@code detect.<name>},
     * collected under {@code params} by {@link ConfigLoader}; names and defaults from the detector catalog), the alert
     * lifecycle, and per sensor-id overrides (each already merged over these defaults by {@link ConfigLoader}).
     */
    public record DetectConfig(boolean jumpEnabled, double jumpThreshold, List<String> detectors, Duration silentAfter,
                               int clearAfter, Duration cooldown, Map<String, Map<String, Object>> params,
                               List<DetectOverride> overrides) {
        public DetectConfig {
            detectors = detectors == null ? List.of() : List.copyOf(detectors);
            params = params == null ? Map.of() : Map.copyOf(params);
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
        }
    }

    /** Detector settings for the sensors whose id matches the glob {@code sensors}. */
    public record DetectOverride(String sensors, DetectConfig detect) {
    }

    /**
     * @param commitInterval how often Kafka Streams commits (with exactly-once: how often results become readable and
     *                       state is written to the changelogs); {@code kafka.commit.interval.ms} overrides it
     * @param flushAhead     how long before each commit the changed sensor state is written (into the open transaction),
     *                       so the commit itself only writes what changed since; 0 = only at the commit. Used with the
     *                       commit cadence (a commit interval below 5 s, {@code kafka.commit.interval.ms} unset)
     * @param instanceId     static group membership ({@code group.instance.id}): a restarted or crashed instance with
     *                       the same id takes its partitions back without a rebalance; empty = a dynamic member
     * @param leaveGroupOnClose whether a clean stop leaves the consumer group, so its partitions move at once instead
     *                       of after the session timeout
     */
    public record ProcessingConfig(String guarantee, String stateStore, String stateDir, int threads, Duration sensorTtl,
                                   boolean repartition, Duration commitInterval, Duration flushAhead, String instanceId,
                                   boolean leaveGroupOnClose) {
        public ProcessingConfig {
            flushAhead = flushAhead == null ? Duration.ZERO : flushAhead;
            instanceId = instanceId == null ? "" : instanceId.strip();
        }
    }

    /** The topic through which readings are re-keyed by sensor id when {@code processing.repartition} is on. */
    public String repartitionTopic() {
        return applicationId + "-readings-by-sensor";
    }

    /** The HTTP port: page, API, metrics, health, ingest (README "Security"). */
    /** @param idleTimeout a connection that sends or takes nothing this long is closed (slow or stalled clients) */
    /**
     * @param advertisedAddress {@code host:port} under which other instances reach this one's HTTP API (the pipeline
     *                          page of one instance shows all); "" = {@code host:port}, with this machine's name when
     *                          {@code host} is a wildcard address
     */
    public record HttpConfig(boolean enabled, String host, int port, Duration idleTimeout, HttpTlsConfig tls, HttpAuthConfig auth,
                             String advertisedAddress) {
        public HttpConfig {
            advertisedAddress = advertisedAddress == null ? "" : advertisedAddress.trim();
            idleTimeout = idleTimeout == null ? Duration.ofSeconds(30) : idleTimeout;
            tls = tls == null ? new HttpTlsConfig("", "", "PKCS12") : tls;
            auth = auth == null ? new HttpAuthConfig("", "", List.of()) : auth;
        }

        /** The {@code host:port} other instances use to reach this one ({@code advertised-address} or derived). */
        public String advertised() {
            if (!advertisedAddress.isEmpty()) return advertisedAddress;
            String name = host;
            if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
                try {
                    name = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    name = "localhost";
                }
            }
            return name + ":" + port;
        }

        /** Whether the port listens beyond this machine (anything but a loopback name or address). */
        public boolean exposed() {
            return !(host.equals("localhost") || host.startsWith("127.") || host.equals("::1"));
        }
    }

    /** @param keystore PKCS12 (or JKS) file with the server's private key and certificate chain; empty = plain HTTP */
    public record HttpTlsConfig(String keystore, String keystorePassword, String keystoreType) {
        public HttpTlsConfig {
            keystore = keystore == null ? "" : keystore;
            keystorePassword = keystorePassword == null ? "" : keystorePassword;
            keystoreType = keystoreType == null || keystoreType.isBlank() ? "PKCS12" : keystoreType;
        }

        public boolean enabled() {
            return !keystore.isBlank();
        }
    }

    /**
     * @param token     bearer token accepted on every protected path; empty = none
     * @param usersFile basic-auth users, one {@code name:pbkdf2-sha256$...} line each ({@code sensorstream hash-password})
     * @param users     more users in the same {@code name:hash} form, e.g. from {@code SENSORSTREAM_HTTP_AUTH_USERS}
     */
    public record HttpAuthConfig(String token, String usersFile, List<String> users) {
        public HttpAuthConfig {
            token = token == null ? "" : token;
            usersFile = usersFile == null ? "" : usersFile;
            users = users == null ? List.of() : List.copyOf(users);
        }

        public boolean enabled() {
            return !token.isBlank() || !usersFile.isBlank() || !users.isEmpty();
        }
    }

    /** Readings from outside Kafka into the input topic (README "Ingest"). */
    public record IngestConfig(HttpIngestConfig http, MqttIngestConfig mqtt) {
    }

    /**
     * @param serverUri         {@code tcp://host:1883} or {@code ssl://host:8883}; empty: no MQTT bridge
     * @param topics            topic filters, e.g. {@code sensors/+/telemetry}
     * @param sensorIdFromTopic where the sensor id is in the topic when payloads lack it, e.g. {@code sensors/{sensor_id}/telemetry}
     * @param clientId          the bridge's MQTT client id; its persistent session belongs to it, so keep it stable
     */
    public record MqttIngestConfig(String serverUri, List<String> topics, int qos, String username, String password,
                                   String sensorIdFromTopic, String clientId, int version, String trustStore,
                                   String trustStorePassword) {
        public MqttIngestConfig {
            topics = topics == null ? List.of() : List.copyOf(topics);
        }

        public boolean enabled() {
            return serverUri != null && !serverUri.isBlank();
        }
    }

    /**
     * @param enabled  serve {@code POST /ingest} on the HTTP port
     * @param token    bearer token required from senders ({@code "${INGEST_TOKEN}"}); empty: none (local use only)
     * @param maxBody  largest request body, e.g. {@code 16MB}
     */
    public record HttpIngestConfig(boolean enabled, String token, String maxBody) {
        /** {@code maxBody} in bytes: a number with an optional KB, MB or GB suffix. */
        public long maxBodyBytes() {
            return bytes("ingest.http.max-body", maxBody == null ? "16MB" : maxBody);
        }
    }

    /**
     * One sink (README "Sinks"): where results and alerts are also written, by a consumer of the output topics in its
     * own group {@code <application-id>-sink-<name>}.
     *
     * @param type         {@code postgres}, {@code influxdb}, {@code redis}, {@code files}, {@code alertmanager} or
     *                     {@code webhook}
     * @param path         files: the directory written to
     * @param format       files: {@code jsonl}, {@code csv} or {@code parquet}
     * @param compression  files, parquet: {@code snappy} (default), {@code zstd} or {@code none}
     * @param rollSize     files: a partition's open files are finished when together this large, e.g. {@code 64MB}
     * @param rollInterval files: ... or this old; {@code 0s}: a file per batch
     * @param url          alertmanager, influxdb: the server's base URL, e.g. {@code http://alertmanager:9093}; redis:
     *                     a Redis URI, e.g. {@code redis://redis:6379/0}
     * @param streamLength redis: approximate cap of the alert-event stream
     * @param database     influxdb 1.x: the database written to (created at start unless {@code create-database: false})
     * @param org          influxdb 2: the organisation; with {@code bucket} and {@code token} instead of {@code database}
     * @param labels       alertmanager: labels added to every alert, e.g. {@code {team: plant-3}}
     * @param headers      webhook: headers of every request, e.g. {@code {Authorization: "Bearer ${HOOK_TOKEN}"}}
     * @param name         names its consumer group, metrics and logs; defaults to the type
     * @param password     a secret: write {@code "${ENV_VAR}"} (expanded from the environment) or use {@code password-file}
     * @param batchSize    most records written per batch (and per offset commit)
     * @param batchWait    how long a poll waits for a batch to fill
     * @param maxBackoff   longest wait between retries of a transient failure
     */
    public record SinkConfig(String type, String name, String jdbcUrl, String username, String password, String passwordFile,
                             String path, String format, String url, Map<String, String> labels,
                             Map<String, String> headers, String database, String org, String bucket, String token,
                             Boolean createDatabase, Long streamLength, Integer batchSize, Duration batchWait, Duration maxBackoff,
                             String deadLetterTopic, String compression, String rollSize, Duration rollInterval) {
        public SinkConfig {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public String effectiveName() {
            return name == null || name.isBlank() ? type : name;
        }

        /** A PostgreSQL sink with the default settings. */
        public static SinkConfig postgres(String jdbcUrl, String username, String password) {
            return new SinkConfig("postgres", null, jdbcUrl, username, password, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null);
        }

        /** A files sink with the default settings but the roll interval. */
        public static SinkConfig files(String path, String format, Duration rollInterval) {
            return new SinkConfig("files", null, null, null, null, null, path, format, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, rollInterval);
        }
    }

    /** A size in bytes: a number with an optional KB, MB or GB suffix ({@code 16MB}); {@code key} names it in the error. */
    public static long bytes(String key, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        long unit = v.endsWith("GB") ? 1L << 30 : v.endsWith("MB") ? 1L << 20 : v.endsWith("KB") ? 1L << 10 : 1;
        String digits = unit == 1 ? v.replaceAll("B$", "") : v.substring(0, v.length() - 2);
        try {
            return Long.parseLong(digits.trim()) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a size such as 16MB, is " + value);
        }
    }
}
