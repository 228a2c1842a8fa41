package io.sensorstream.streams.processor;

import io.micrometer.core.instrument.Meter;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.engine.LateReading;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.core.window.WindowDefinition;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.metrics.PipelineMetrics;
import io.sensorstream.streams.state.MirroredStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts one partition's {@link PartitionAnalytics} in Kafka Streams: parses and validates records (rejects go to the
 * dead-letter topic), hands readings to the engine, and forwards what it publishes to the output topics. State lives
 * in changelogged {@link MirroredStore}s, so exactly-once processing restores it precisely after a crash.
 *
 * <p>The idle timeout runs on a wall-clock punctuator: once the partition has had no input for the configured time,
 * event time advances by the wall-clock time that passes, so windows close even when sensors stop sending. The
 * trade-off: a reading that arrives after such an advance with an older event time may be late. With a
 * {@link CommitCadence}, another wall-clock punctuator requests a commit at each of its boundaries, and with its
 * flush-ahead time writes the sensors' changed state that long before each boundary, so the commit has less to encode
 * and send.
 */
public final class SensorProcessor implements Processor<byte[], byte[], byte[], byte[]>, AnalyticsOutput {

    private static final Logger LOG = LoggerFactory.getLogger(SensorProcessor.class);

    private final PipelineSettings settings;
    private final PipelineMetrics metrics;
    private final ReadingParser parser;
    private final OutputJson output;
    private final ThrottledLog rejectLog = new ThrottledLog(LOG, 10_000);
    private final long idleTimeoutMs;
    private final CommitCadence cadence;

    private ProcessorContext<byte[], byte[]> context;
    private AnalyticsState state;
    private PartitionAnalytics engine;
    private Record<byte[], byte[]> current;
    private long lastInputWallMs;
    private long lastIdleAdvanceWallMs;
    private List<Meter> gauges = List.of();
    /** Per-partition counts for the pipeline page: written by the stream thread only; plain fields (no fence on the hot
     * path), so a scrape may read a slightly stale value. */
    private long recordsIn;
    private long recordsOut;

    public SensorProcessor(PipelineSettings settings, PipelineMetrics metrics) {
        this(settings, metrics, null);
    }

    /** @param cadence null: Kafka Streams' {@code commit.interval.ms} alone decides when to commit */
    public SensorProcessor(PipelineSettings settings, PipelineMetrics metrics, CommitCadence cadence) {
        this.settings = settings;
        this.cadence = cadence;
        this.metrics = metrics;
        this.parser = new ReadingParser(settings.analytics().format());
        this.output = new OutputJson(settings.analytics().format().metricNames(), settings.analytics().percentiles());
        this.idleTimeoutMs = settings.idleTimeout().toMillis();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.state = new AnalyticsState(context.getStateStore(StoreNames.SENSORS), context.getStateStore(StoreNames.PENDING),
                context.getStateStore(StoreNames.PROGRESS));
        this.engine = null; // built on first use: stores are restored after init
        this.lastInputWallMs = context.currentSystemTimeMs();
        metrics.remove(gauges);
        gauges = metrics.registerPartition(context.taskId().partition(), new PipelineMetrics.PartitionGauges() {
            // read on the scrape thread: only the engine's own counters, never the stores (they may be restoring)
            @Override
            public double watermarkLagSeconds() {
                PartitionAnalytics e = engine;
                return e == null || e.watermark() == Long.MIN_VALUE ? Double.NaN
                        : (System.currentTimeMillis() - e.watermark()) / 1000.0;
            }

            @Override
            public double activeSensors() {
                return engine == null ? Double.NaN : state.lastReadings().size();
            }

            @Override
            public double openWindows() {
                return engine == null ? Double.NaN : state.windows().size() + state.sessions().size();
            }

            @Override
            public double pendingReadings() {
                PartitionAnalytics e = engine;
                return e == null ? Double.NaN : e.pendingCount();
            }

            @Override
            public double recordsIn() {
                return recordsIn;
            }

            @Override
            public double recordsOut() {
                return recordsOut;
            }
        });
        // the wall-clock punctuators run between commits (a commit flushes the stores, then commits), so each drops a
        // commit start left by a flush without a commit (nothing to commit, a failed commit) rather than timing it later
        if (idleTimeoutMs > 0) {
            long every = Math.max(100, Math.min(1_000, idleTimeoutMs / 2));
            context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
        } else {
            // punctuators run once the task's stores are restored: build the engine then, so a partition without input
            // reports its real sizes (0 when empty) instead of NaN until its first reading
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
                metrics.commits().idle();
                engine();
            });
        }
        if (cadence != null) {
            // the sensors' changed state is written ahead of each commit, into the open transaction (CommitCadence)
            MirroredStore<?, ?> sensors = context.getStateStore(StoreNames.SENSORS) instanceof MirroredStore<?, ?> m ? m : null;
            cadence.scheduleOn(context, sensors == null ? null : () -> metrics.flushedAhead(sensors.flushAhead()));
        }
    }

    @Override
    public void close() {
        metrics.remove(gauges);
        gauges = List.of();
    }

    private PartitionAnalytics engine() {
        if (engine == null) {
            engine = new PartitionAnalytics(settings.analytics(), state, this);
        }
        return engine;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordIn();
        recordsIn++;
        lastInputWallMs = context.currentSystemTimeMs();
        ParseResult parsed = parser.parse(record.value(), record.timestamp());
        if (parsed instanceof ParseResult.Rejected rejected) {
            deadLetter(record, rejected);
            return;
        }
        current = record;
        engine().onReading(((ParseResult.Valid) parsed).reading());
        current = null;
    }

    private void onWallClock(long nowMs) {
        metrics.commits().idle();
        PartitionAnalytics e = engine();
        if (e.maxEventTime() == Long.MIN_VALUE || nowMs - lastInputWallMs < idleTimeoutMs) {
            lastIdleAdvanceWallMs = 0;
            return;
        }
        long from = lastIdleAdvanceWallMs == 0 ? lastInputWallMs : lastIdleAdvanceWallMs;
        if (nowMs > from) {
            e.advanceTo(e.maxEventTime() + (nowMs - from));
            lastIdleAdvanceWallMs = nowMs;
            metrics.idleAdvance();
        }
    }

    @Override
    public void window(WindowResult r) {
        long ts = r.definition() instanceof WindowDefinition.Session ? r.endMs() : r.endMs() - 1;
        long now = context.currentSystemTimeMs();
        context.forward(new Record<>(utf8(r.sensorId()), output.windowResult(r, now), ts), ChildNames.AGGREGATED);
        recordsOut++;
        metrics.windowEmitted(r.kind());
        if (r.kind() == EmitKind.FINAL) {
            metrics.resultLatency(now, r.endMs());
        }
    }

    @Override
    public void sensorsExpired(int count) {
        metrics.sensorsExpired(count);
    }

    @Override
    public void alert(JumpAlert a) {
        long now = context.currentSystemTimeMs();
        context.forward(new Record<>(utf8(a.sensorId()), output.jumpAlert(a, now), a.eventTimeMs()), ChildNames.ALERTS);
        recordsOut++;
        metrics.jumpAlert();
        metrics.alertLatency(now, a.eventTimeMs());
    }

    @Override
    public void alertEvent(AlertEvent e) {
        long now = context.currentSystemTimeMs();
        context.forward(new Record<>(utf8(e.sensorId()), output.alertEvent(e, now), e.eventTimeMs()), ChildNames.ALERT_EVENTS);
        recordsOut++;
        metrics.alertEvent(e.detector(), e.severity().code(), e.state());
        if (e.state() == AlertState.FIRING) {
            metrics.alertLatency(now, e.eventTimeMs());
        }
    }

    @Override
    public boolean wantsScores() {
        return settings.topics().publishesScores();
    }

    @Override
    public void score(DetectorScore s) {
        context.forward(new Record<>(utf8(s.sensorId()), output.score(s), s.eventTimeMs()), ChildNames.SCORES);
        recordsOut++;
    }

    @Override
    public void duplicate(Reading reading) {
        metrics.duplicate();
    }

    @Override
    public void late(Reading reading, LateReading why) {
        metrics.late();
        Record<byte[], byte[]> record = current;
        RecordHeaders headers = sourceHeaders(record);
        headers.add(DiagnosticHeaders.REASON, utf8(DiagnosticHeaders.LATE_REASON));
        headers.add(DiagnosticHeaders.DETAIL, utf8("window " + why.windowName() + " [" + why.startMs() + ", " + why.endMs()
                + ") is past its allowed lateness at watermark " + why.watermarkMs() + "; reading event time " + reading.eventTimeMs()));
        headers.add(DiagnosticHeaders.WINDOW_NAME, utf8(why.windowName()));
        headers.add(DiagnosticHeaders.WINDOW_START, utf8(Long.toString(why.startMs())));
        headers.add(DiagnosticHeaders.WINDOW_END, utf8(Long.toString(why.endMs())));
        headers.add(DiagnosticHeaders.WATERMARK, utf8(Long.toString(why.watermarkMs())));
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), ChildNames.LATE);
        recordsOut++;
    }

    private void deadLetter(Record<byte[], byte[]> record, ParseResult.Rejected rejected) {
        metrics.rejected(rejected.reason());
        RecordHeaders headers = sourceHeaders(record);
        headers.add(DiagnosticHeaders.REASON, utf8(rejected.reason().code()));
        headers.add(DiagnosticHeaders.DETAIL, utf8(rejected.detail()));
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), ChildNames.DEAD_LETTER);
        recordsOut++;
        rejectLog.warn("Rejected record at {}: {} ({})", sourceOf(), rejected.reason().code(), rejected.detail());
    }

    /** Where the record came from: the input topic's coordinates, carried in headers through a repartition. */
    private RecordHeaders sourceHeaders(Record<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        if (record.headers().lastHeader(DiagnosticHeaders.SOURCE_TOPIC) != null) {
            for (String name : new String[] {DiagnosticHeaders.SOURCE_TOPIC, DiagnosticHeaders.SOURCE_PARTITION,
                    DiagnosticHeaders.SOURCE_OFFSET}) {
                var h = record.headers().lastHeader(name);
                if (h != null) headers.add(name, h.value());
            }
            return headers;
        }
        context.recordMetadata().ifPresent(m -> {
            headers.add(DiagnosticHeaders.SOURCE_TOPIC, utf8(m.topic()));
            headers.add(DiagnosticHeaders.SOURCE_PARTITION, utf8(Integer.toString(m.partition())));
            headers.add(DiagnosticHeaders.SOURCE_OFFSET, utf8(Long.toString(m.offset())));
        });
        return headers;
    }

    private String sourceOf() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
