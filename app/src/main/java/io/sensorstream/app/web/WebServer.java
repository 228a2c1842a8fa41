package io.sensorstream.app.web;

import io.sensorstream.connectors.sink.SinkHealth;
import io.sensorstream.app.web.view.AlertLog;
import io.sensorstream.connectors.ingest.ReadingIngest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;

import io.javalin.http.sse.SseClient;
import io.sensorstream.core.window.WindowDefinition;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Counter;
import io.sensorstream.app.config.SensorstreamConfig.HttpConfig;
import io.sensorstream.app.web.security.HttpAuth;
import io.sensorstream.app.web.security.HttpsConnector;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.staticfiles.Location;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.broker.PortInUseException;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.streams.metrics.PipelineMetrics;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP face of a running sensorstream: the live page ({@code /}), its data ({@code /api/state}), Prometheus
 * metrics ({@code /metrics}) and health endpoints for orchestrators ({@code /health/live}, {@code /health/ready}: ready
 * once the processor is RUNNING, which needs the brokers). With {@code http.auth} every path but {@code /health/*}
 * needs credentials; with {@code http.tls} the port speaks HTTPS only.
 */
public final class WebServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpConfig http;
    private final HttpAuth auth;
    private final boolean ingestHasOwnToken;
    private final LiveView view;
    private final ProcessorRunner processor;
    private final Supplier<List<SinkHealth>> sinks;
    private final HttpIngest ingest;
    private final long maxBodyBytes;
    private final DeadLetterResend resend;
    private PipelineView pipelineView;
    private Javalin app;

    private final PrometheusMeterRegistry registry;
    private final Set<SseClient> sseClients = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService pusher;
    private static final int RATE_SAMPLES = 5;
    private final java.util.ArrayDeque<long[]> inSamples = new java.util.ArrayDeque<>();
    private volatile double inRate = Double.NaN;

    /**
     * @param sinks  the health of each configured sink (empty without sinks)
     * @param ingest {@code POST /ingest}, or null when HTTP ingest is off
     * @param maxBodyBytes largest request body accepted (larger: 413)
     * @param ingestHasOwnToken whether {@code /ingest} checks its own token ({@code ingest.http.token}) instead of
     *                          {@code http.auth}
     * @param resend "re-send" of fixed dead letters into the input topic, or null to offer none
     */
    public WebServer(HttpConfig http, LiveView view, ProcessorRunner processor, PrometheusMeterRegistry registry,
                     Supplier<List<SinkHealth>> sinks, HttpIngest ingest, long maxBodyBytes, boolean ingestHasOwnToken,
                     DeadLetterResend resend) {
        this.http = http;
        this.auth = HttpAuth.from(http.auth());
        this.ingestHasOwnToken = ingestHasOwnToken;
        if (http.tls().enabled()) {
            HttpsConnector.check(http.tls());
        }
        this.registry = registry;
        this.sinks = sinks;
        this.ingest = ingest;
        this.maxBodyBytes = maxBodyBytes;
        this.resend = resend;
        this.view = view;
        this.processor = processor;
    }

    public WebServer start() {
        int port = http.port();
        EmbeddedKafkaBroker.ensurePortFree(port,
                "HTTP port " + port + " is already in use: stop what uses it or choose another with --http-port");
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add("/web", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
            config.http.maxRequestSize = maxBodyBytes;
            config.jetty.addConnector((server, httpConfiguration) -> http.tls().enabled()
                    ? HttpsConnector.create(server, httpConfiguration, http.tls(), http.host(), port, http.idleTimeout())
                    : HttpsConnector.plain(server, httpConfiguration, http.host(), port, http.idleTimeout()));
        });
        Counter refused = Counter.builder("sensorstream.http.unauthorized")
                .description("HTTP requests refused for missing or wrong credentials (401)").register(registry);
        app.before(ctx -> {
            String path = ctx.path();
            boolean open = path.startsWith("/health/") || (path.equals("/ingest") && ingestHasOwnToken);
            if (!open && !auth.admits(ctx)) {
                refused.increment();
                auth.challenge(ctx);
                ctx.skipRemainingHandlers();
            }
        });
        if (ingest != null) {
            ingest.register(app);
        }
        app.before("/api/events", ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                ctx.status(406).result("/api/events is a server-sent event stream: ask with 'Accept: text/event-stream'"
                        + " (curl -N -H 'Accept: text/event-stream' ...); /api/state has the same data as one JSON document\n");
                ctx.skipRemainingHandlers();
            }
        });
        app.sse("/api/events", client -> {
            client.keepAlive();
            sseClients.add(client);
            client.onClose(() -> sseClients.remove(client));
            client.sendEvent("summary", summary().toString());
        });
        pipelineView = new PipelineView(processor, registry, processor.settings().topics().raw(), http.advertised(),
                http.tls().enabled());
        app.get("/api/sensor/{id}", ctx -> ctx.contentType("application/json").result(view.series(ctx.pathParam("id"),
                ctx.queryParam("window"), longParam(ctx, "from", Long.MIN_VALUE), longParam(ctx, "to", Long.MAX_VALUE)).toString()));
        app.get("/api/sensors", ctx -> ctx.contentType("application/json").result(view.sensors(ctx.queryParam("q"),
                ctx.queryParam("sort"), (int) longParam(ctx, "offset", 0), (int) Math.min(500, longParam(ctx, "limit", 100))).toString()));
        app.get("/api/overview", ctx -> ctx.contentType("application/json").result(view.overview().toString()));
        app.get("/api/alerts", ctx -> ctx.contentType("application/json").result(view.alerts(
                new AlertLog.Filter(ctx.queryParam("sensor"), ctx.queryParam("detector"), ctx.queryParam("severity"),
                        ctx.queryParam("state")),
                longParam(ctx, "before", 0), (int) Math.max(1, Math.min(500, longParam(ctx, "limit", 50)))).toString()));
        app.get("/api/dead-letters", ctx -> ctx.contentType("application/json").result(view.deadLetters(ctx.queryParam("reason"),
                (int) Math.max(1, Math.min(LiveView.DEAD_LETTER_SAMPLES, longParam(ctx, "limit", 50)))).toString()));
        app.post("/api/dead-letters/resend", this::resend);
        app.get("/api/pipeline", ctx -> ctx.contentType("application/json").result(("all".equals(ctx.queryParam("scope"))
                ? pipelineView.all(ctx.header("Authorization")) : pipelineView.local()).toString()));
        app.get("/api/state", ctx -> {
            ObjectNode state = view.snapshot();
            addPipeline(state);
            ctx.contentType("application/json").result(state.toString());
        });
        app.get("/health/live", ctx -> ctx.result("UP"));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        app.get("/health/sinks", ctx -> {
            List<SinkHealth> all = sinks.get();
            ObjectNode body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            all.forEach(h -> body.putObject(h.sink()).put("state", h.state().name()).put("detail", h.detail()));
            ctx.status(all.stream().allMatch(SinkHealth::healthy) ? 200 : 503).contentType("application/json").result(body.toString());
        });
        app.get("/health/ready", ctx -> {
            KafkaStreams.State s = processor.state();
            ctx.status(s == KafkaStreams.State.RUNNING ? 200 : 503).result(s.name());
        });
        pusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-push");
            t.setDaemon(true);
            return t;
        });
        pusher.scheduleAtFixedRate(() -> {
            sampleInputRate();
            push();
        }, 0, 1, TimeUnit.SECONDS);
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new PortInUseException("cannot serve HTTP on port " + port + ": " + e.getMessage());
        }
        return this;
    }

    private static long longParam(Context ctx, String name, long otherwise) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return otherwise;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("query parameter '" + name + "' must be a whole number, got '" + v + "'");
        }
    }

    /**
     * {@code POST /api/dead-letters/resend} with {@code {"values": ["<reading JSON>", ...]}}: each fixed reading back into
     * the input topic. It writes into the pipeline, so an exposed port must have {@code http.auth} to offer it.
     */
    private void resend(Context ctx) throws Exception {
        if (resend == null) {
            ctx.status(404).result("re-send is not available in this process");
            return;
        }
        if (http.exposed() && !auth.enabled()) {
            ctx.status(403).result("re-send writes to the input topic: it needs http.auth when the HTTP port is exposed (http.host "
                    + http.host() + ")");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("the body must be JSON: {\"values\": [\"<reading JSON>\", ...]}");
        }
        JsonNode values = body == null ? null : body.get("values");
        if (values == null || !values.isArray() || values.isEmpty()) {
            throw new BadRequestResponse("the body must be {\"values\": [\"<reading JSON>\", ...]} with at least one value");
        }
        List<String> list = new java.util.ArrayList<>();
        values.forEach(v -> list.add(v.isTextual() ? v.asText() : v.toString()));
        ReadingIngest.Result r;
        try {
            r = resend.resend(list);
        } catch (ReadingIngest.Busy e) {
            ctx.status(429).header("Retry-After", "1").result("busy: " + e.getMessage());
            return;
        }
        ObjectNode out = JSON.createObjectNode().put("accepted", r.accepted()).put("rejected", r.rejected());
        var errors = out.putArray("errors");
        r.errors().forEach(e -> errors.addObject().put("index", e.line()).put("reason", e.reason()));
        ctx.status(r.rejected() == 0 ? 202 : r.accepted() > 0 ? 207 : 400).contentType("application/json").result(out.toString());
    }

    public int port() {
        return app == null ? http.port() : app.port();
    }

    /**
     * Input records per second over the last {@value #RATE_SAMPLES} seconds (the stream thread works in bursts between
     * commits, so one second alone swings between 0 and twice the rate); unknown (null on the page) until two samples.
     */
    private void sampleInputRate() {
        long now = System.nanoTime();
        long in = processor.metrics().recordsIn();
        inSamples.addLast(new long[] {now, in});
        if (inSamples.size() > RATE_SAMPLES + 1) inSamples.removeFirst();
        long[] first = inSamples.peekFirst();
        if (inSamples.size() > 1 && now > first[0]) inRate = (in - first[1]) / ((now - first[0]) / 1e9);
    }

    /** Pushes the summary to every open dashboard (server-sent events). */
    private void push() {
        if (sseClients.isEmpty()) {
            return;
        }
        String data;
        try {
            data = summary().toString();
        } catch (RuntimeException e) {
            return;
        }
        for (var client : sseClients) {
            try {
                client.sendEvent("summary", data);
            } catch (RuntimeException e) {
                sseClients.remove(client);
            }
        }
    }

    /** The summary plus the pipeline panel: counters, gauges from the metrics registry, configuration. */
    private ObjectNode summary() {
        ObjectNode state = view.summary();
        addPipeline(state);
        return state;
    }

    private void addPipeline(ObjectNode state) {
        ObjectNode pipeline = state.putObject("pipeline");
        PipelineMetrics m = processor.metrics();
        pipeline.put("state", processor.state().name());
        pipeline.put("records_in", m.recordsIn());
        if (Double.isNaN(inRate)) pipeline.putNull("records_in_per_s");
        else pipeline.put("records_in_per_s", Math.max(0, inRate));
        pipeline.put("rejected", m.rejectedTotal());
        pipeline.put("late", m.lateTotal());
        pipeline.put("windows_emitted", m.windowsEmittedTotal());
        pipeline.put("alerts", m.alertsTotal());
        pipeline.put("watermark_lag_s", maxGauge("sensorstream.watermark.lag"));
        pipeline.put("consumer_lag", maxGauge("kafka.consumer.fetch.manager.records.lag.max"));
        pipeline.put("active_sensors", sumGauge("sensorstream.sensors.active"));
        var analytics = processor.settings().analytics();
        ArrayNode windows = pipeline.putArray("windows");
        for (WindowDefinition w : analytics.windows()) {
            ObjectNode o = windows.addObject().put("name", w.name()).put("kind", w.kind());
            if (w instanceof WindowDefinition.Fixed f) o.put("size_ms", f.spec().sizeMs()).put("advance_ms", f.spec().advanceMs());
            else if (w instanceof WindowDefinition.Session s) o.put("gap_ms", s.gapMs());
        }
        var primary = (WindowDefinition.Fixed) analytics.windows().get(0);
        pipeline.put("window_name", primary.name());
        pipeline.put("window_size_ms", primary.spec().sizeMs());
        pipeline.put("window_advance_ms", primary.spec().advanceMs());
        pipeline.put("watermark_delay_ms", analytics.watermarkDelayMs());
        pipeline.put("jump_threshold", analytics.jumpThreshold());
        pipeline.put("metric", analytics.format().metricNames().get(0));
        ObjectNode sinkStates = pipeline.putObject("sinks");
        sinks.get().forEach(h -> sinkStates.put(h.sink(), h.state().name()));
    }

    private double maxGauge(String name) {
        double max = Double.NaN;
        for (var g : registry.find(name).gauges()) {
            double v = g.value();
            if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) max = v;
        }
        return max;
    }

    private double sumGauge(String name) {
        double sum = 0;
        for (var g : registry.find(name).gauges()) {
            if (!Double.isNaN(g.value())) sum += g.value();
        }
        return sum;
    }

    @Override
    public void close() {
        if (pusher != null) {
            pusher.shutdownNow();
        }
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
