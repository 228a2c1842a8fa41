package io.sensorstream.bench.ingest;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.app.web.HttpIngest;
import io.sensorstream.connectors.ingest.ReadingIngest;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Readings per second through {@code POST /ingest} into a real embedded broker (4 partitions), answered after Kafka's
 * acknowledgement: {@code clients} HTTP/1.1 keep-alive clients each post NDJSON batches of {@code batch} seed-style
 * readings for {@code seconds}. Prints readings/s and the request latency p50/p99 (HdrHistogram). The ingest runs
 * without the processor, so this is the cost of HTTP + validation + durable produce.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sensorstream.bench.ingest.HttpIngestThroughput [clients] [batch] [seconds]}.
 */
public final class HttpIngestThroughput {

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dir = Files.createTempDirectory("ingest-bench");
        int kafkaPort;
        int httpPort;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            kafkaPort = a.getLocalPort();
            httpPort = b.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(kafkaPort, dir.resolve("kafka"), 4, Map.of()).start(Duration.ofSeconds(90))) {
            Properties client = new Properties();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            TopicProvisioner.ensure(client, List.of("sensor-readings-raw"), 4, (short) -1, Map.of());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(HttpIngest.producerProperties(client), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                HttpIngest ingest = new HttpIngest(new ReadingIngest(new ReadingParser(ReadingFormat.seedDefault()), producer,
                        "sensor-readings-raw", "http"), "bench-token", new SimpleMeterRegistry());
                Javalin app = Javalin.create(c -> {
                    c.showJavalinBanner = false;
                    c.http.maxRequestSize = 64L << 20;
                });
                ingest.register(app);
                app.start("127.0.0.1", httpPort);
                try {
                    run(httpPort, clients, batch, 3, new Histogram(3_600_000_000L, 3), new AtomicLong()); // warm-up
                    Histogram latency = new Histogram(3_600_000_000L, 3);
                    AtomicLong readings = new AtomicLong();
                    long started = System.nanoTime();
                    run(httpPort, clients, batch, seconds, latency, readings);
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    System.out.printf(Locale.ROOT, "clients=%d batch=%d readings_per_s=%.0f request_p50_ms=%.1f request_p99_ms=%.1f%n",
                            clients, batch, readings.get() / elapsed, latency.getValueAtPercentile(50) / 1e6,
                            latency.getValueAtPercentile(99) / 1e6);
                } finally {
                    app.stop();
                }
            }
        }
    }

    private static void run(int port, int clients, int batch, int seconds, Histogram latency, AtomicLong readings) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long t0 = 1_700_000_000_000L;
                long n = 0;
                try {
                    while (System.nanoTime() < until) {
                        StringBuilder body = new StringBuilder(batch * 80);
                        for (int i = 0; i < batch; i++, n++) {
                            body.append("{\"sensor_id\":\"sensor_").append(id * 1_000 + n % 1_000).append("\",\"temperature\":")
                                    .append(20 + (n % 400) / 100.0).append(",\"timestamp\":").append(t0 + n).append("}\n");
                        }
                        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest"))
                                .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer bench-token")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
                        long s = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - s;
                        if (response.statusCode() == 202) {
                            synchronized (latency) {
                                latency.recordValue(took);
                            }
                            readings.addAndGet(batch);
                        } else if (response.statusCode() != 429) {
                            throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
    }
}
