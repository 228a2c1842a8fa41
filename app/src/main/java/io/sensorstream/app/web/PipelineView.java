package io.sensorstream.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.pipeline.RestoreReporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * The pipeline page's data, like Flink's job view: this instance's stream threads and, per input partition it hosts,
 * the role (active or standby), watermark lag, consumer lag (end offset − committed offset of the input partition),
 * records in and out, state size (sensors, windows, pending
 * readings) and state restoration. {@link #all} adds every other instance of the application, asked over HTTP at the
 * address it advertises ({@code http.advertised-address}, Kafka Streams' {@code application.server}).
 */
final class PipelineView {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);

    private final ProcessorRunner processor;
    private final MeterRegistry registry;
    private final String inputTopic;
    private final String self;
    private final String scheme;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();

    PipelineView(ProcessorRunner processor, MeterRegistry registry, String inputTopic, String self, boolean tls) {
        this.processor = processor;
        this.registry = registry;
        this.inputTopic = inputTopic;
        this.self = self;
        this.scheme = tls ? "https" : "http";
    }

    /** This instance only. */
    ObjectNode local() {
        ObjectNode root = JSON.createObjectNode();
        root.put("instance", self);
        root.put("instance_id", processor.config().processing().instanceId());
        root.put("state", processor.state().name());
        ArrayNode threads = root.putArray("threads");
        Map<Integer, String> roles = new TreeMap<>();
        Map<Integer, Long> lags = new TreeMap<>();
        for (ThreadMetadata t : processor.threads()) {
            ObjectNode o = threads.addObject();
            o.put("name", t.threadName());
            o.put("state", t.threadState());
            o.set("active", partitionsOf(t.activeTasks(), roles, "active"));
            o.set("standby", partitionsOf(t.standbyTasks(), roles, "standby"));
            for (TaskMetadata task : t.activeTasks()) { // input records not yet committed: end offset − committed offset
                for (TopicPartition tp : task.topicPartitions()) {
                    Long end = task.endOffsets().get(tp);
                    Long committed = task.committedOffsets().get(tp);
                    if (tp.topic().equals(inputTopic) && end != null && end >= 0 && committed != null && committed >= 0) {
                        lags.put(tp.partition(), Math.max(0, end - committed));
                    }
                }
            }
        }
        Map<Integer, List<RestoreReporter.Progress>> restores = new TreeMap<>();
        for (RestoreReporter.Progress p : processor.restoreProgress()) {
            restores.computeIfAbsent(p.partition(), k -> new ArrayList<>()).add(p);
        }
        TreeSet<Integer> partitions = new TreeSet<>(roles.keySet());
        partitions.addAll(partitionsWithGauges());
        ArrayNode out = root.putArray("partitions");
        for (int p : partitions) {
            ObjectNode o = out.addObject();
            o.put("partition", p);
            o.put("role", roles.getOrDefault(p, "active"));
            num(o, "watermark_lag_s", gauge("sensorstream.watermark.lag", p));
            num(o, "consumer_lag", lags.containsKey(p) ? lags.get(p) : Double.NaN);
            num(o, "records_in", counter("sensorstream.partition.records.in", p));
            num(o, "records_out", counter("sensorstream.partition.records.out", p));
            num(o, "sensors", gauge("sensorstream.sensors.active", p));
            num(o, "open_windows", gauge("sensorstream.windows.open", p));
            num(o, "pending_readings", gauge("sensorstream.readings.pending", p));
            long restored = 0;
            long total = 0;
            boolean done = true;
            for (RestoreReporter.Progress r : restores.getOrDefault(p, List.of())) {
                restored += r.restored();
                total += r.total();
                done &= r.done();
            }
            ObjectNode restore = o.putObject("restore");
            restore.put("restored", restored).put("total", total).put("done", done);
        }
        return root;
    }

    /**
     * Every instance: this one, and each other one Kafka Streams knows of, asked for its {@code /api/pipeline} with the
     * caller's credentials (an unreachable one is listed with its error).
     */
    ObjectNode all(String authorization) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode instances = root.putArray("instances");
        instances.add(local());
        List<CompletableFuture<JsonNode>> peers = new ArrayList<>();
        for (StreamsMetadata m : processor.instances()) {
            String address = m.hostInfo().host() + ":" + m.hostInfo().port();
            if (address.equals(self) || m.hostInfo().port() <= 0) continue;
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(scheme + "://" + address + "/api/pipeline"))
                    .timeout(PEER_TIMEOUT).GET();
            if (authorization != null) req.header("Authorization", authorization);
            peers.add(http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                try {
                    if (e == null && r.statusCode() == 200) return JSON.readTree(r.body());
                } catch (java.io.IOException ignored) {
                    // reported below
                }
                ObjectNode failed = JSON.createObjectNode();
                failed.put("instance", address);
                failed.put("error", e != null ? "unreachable: " + e.getClass().getSimpleName() : "HTTP " + r.statusCode());
                return failed;
            }));
        }
        peers.forEach(f -> instances.add(f.join()));
        return root;
    }

    private static ArrayNode partitionsOf(java.util.Set<TaskMetadata> tasks, Map<Integer, String> roles, String role) {
        ArrayNode a = JSON.createArrayNode();
        TreeSet<Integer> ps = new TreeSet<>();
        for (TaskMetadata t : tasks) {
            for (TopicPartition tp : t.topicPartitions()) ps.add(tp.partition());
        }
        for (int p : ps) {
            a.add(p);
            roles.putIfAbsent(p, role);
        }
        return a;
    }

    private TreeSet<Integer> partitionsWithGauges() {
        TreeSet<Integer> out = new TreeSet<>();
        for (Gauge g : registry.find("sensorstream.watermark.lag").gauges()) {
            String p = g.getId().getTag("partition");
            if (p != null) out.add(Integer.parseInt(p));
        }
        return out;
    }

    private double gauge(String name, int partition) {
        Gauge g = registry.find(name).tag("partition", Integer.toString(partition)).gauge();
        return g == null ? Double.NaN : g.value();
    }

    private double counter(String name, int partition) {
        FunctionCounter c = registry.find(name).tag("partition", Integer.toString(partition)).functionCounter();
        return c == null ? Double.NaN : c.count();
    }

    private static void num(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) o.put(field, v);
        else o.putNull(field);
    }
}
