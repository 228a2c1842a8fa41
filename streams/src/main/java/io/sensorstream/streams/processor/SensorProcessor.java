package io.sensorstream.streams.processor;

import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.JumpDetector;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.core.stats.RunningStats;
import io.sensorstream.core.time.Watermark;
import io.sensorstream.core.window.Window;
import io.sensorstream.core.window.WindowResult;
import io.sensorstream.core.window.WindowSpec;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.metrics.PipelineMetrics;
import io.sensorstream.streams.state.StoreKeys;
import io.sensorstream.streams.state.TimeIndex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-partition analytics: validation, event-time windows closed by the watermark, and the jump detector run
 * in event-time order. One instance per stream task (input partition); all state lives in changelogged stores so
 * that exactly-once processing restores it precisely after a crash.
 *
 * <p>For each input record:
 * <ol>
 *   <li>Parse. A rejected record goes to the dead-letter topic with its reason; nothing else happens.</li>
 *   <li>Aggregate into every window of the reading that is still open ({@code end > W}). If all of its windows have
 *       closed, the reading is late: it goes to the late topic and takes no further part.</li>
 *   <li>Hold the reading in the pending buffer until the watermark passes it ({@code eventTime < W}), then release
 *       pending readings in event-time order (ties in offset order) to the jump detector. A reading already behind
 *       the watermark on arrival (beyond the configured out-of-orderness, yet with an open window) is checked at
 *       once, in arrival order, and counted.</li>
 *   <li>Advance the watermark; emit and delete every window with {@code end <= W}.</li>
 * </ol>
 */
public final class SensorProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(SensorProcessor.class);
    private static final Bytes MAX_EVENT_TIME_KEY = Bytes.wrap("max-event-time".getBytes(StandardCharsets.UTF_8));

    private final PipelineSettings settings;
    private final PipelineMetrics metrics;
    private final ReadingParser parser;
    private final WindowSpec windows;
    private final JumpDetector jumpDetector;
    private final OutputJson output;
    private final ThrottledLog rejectLog = new ThrottledLog(LOG, 10_000);
    private final Watermark watermark;
    private final RunningStats scratch = new RunningStats();
    private final ByteBuffer statsBuffer = ByteBuffer.allocate(RunningStats.ENCODED_SIZE);

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> windowStore;
    private KeyValueStore<Bytes, byte[]> pendingStore;
    private KeyValueStore<Bytes, byte[]> lastReadingStore;
    private KeyValueStore<Bytes, byte[]> progressStore;
    private final TimeIndex openWindowEnds = new TimeIndex();
    private final TimeIndex pendingTimes = new TimeIndex();
    private boolean indexed;

    public SensorProcessor(PipelineSettings settings, PipelineMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.parser = new ReadingParser(settings.format());
        this.windows = settings.window();
        this.jumpDetector = new JumpDetector(settings.jumpThreshold());
        this.output = new OutputJson(settings.metric());
        this.watermark = new Watermark(settings.watermarkDelay().toMillis());
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.windowStore = context.getStateStore(StoreNames.WINDOWS);
        this.pendingStore = context.getStateStore(StoreNames.PENDING);
        this.lastReadingStore = context.getStateStore(StoreNames.LAST_READING);
        this.progressStore = context.getStateStore(StoreNames.PROGRESS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordIn();
        restoreIfNeeded();
        ParseResult parsed = parser.parse(record.value());
        if (parsed instanceof ParseResult.Rejected rejected) {
            deadLetter(record, rejected);
            return;
        }
        Reading reading = ((ParseResult.Valid) parsed).reading();
        long w = watermark.current();
        if (!aggregate(reading, w)) {
            late(record, reading, w);
            return;
        }
        if (w != Long.MIN_VALUE && reading.eventTimeMs() < w) {
            metrics.detectorOutOfOrder();
            detect(reading, true);
        } else {
            long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(0L);
            pendingStore.put(StoreKeys.pendingKey(reading.eventTimeMs(), offset), encodePending(reading));
            pendingTimes.add(reading.eventTimeMs());
        }
        if (watermark.observe(reading.eventTimeMs())) {
            progressStore.put(MAX_EVENT_TIME_KEY, ByteBuffer.allocate(Long.BYTES).putLong(watermark.maxEventTimeMs()).array());
            long now = watermark.current();
            releasePending(now);
            closeWindows(now);
        }
    }

    /** Adds the reading to each of its open windows; false when every one of them has closed already. */
    private boolean aggregate(Reading reading, long w) {
        boolean any = false;
        long last = windows.lastStartFor(reading.eventTimeMs());
        for (long start = windows.firstStartFor(reading.eventTimeMs()); start <= last; start += windows.advanceMs()) {
            long end = start + windows.sizeMs();
            if (w != Long.MIN_VALUE && end <= w) {
                continue;
            }
            any = true;
            Bytes key = StoreKeys.windowKey(end, reading.sensorId());
            byte[] current = windowStore.get(key);
            if (current == null) {
                scratch.clear();
                openWindowEnds.add(end);
            } else {
                scratch.decode(ByteBuffer.wrap(current));
            }
            scratch.add(reading.value());
            windowStore.put(key, scratch.toBytes());
        }
        return any;
    }

    private void closeWindows(long w) {
        long earliest = openWindowEnds.earliest();
        if (w < earliest) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> closed = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = windowStore.range(StoreKeys.windowKeysEndingUpTo(earliest - 1),
                StoreKeys.windowKeysEndingUpTo(w))) {
            while (it.hasNext()) {
                closed.add(it.next());
            }
        }
        long processingTime = context.currentSystemTimeMs();
        for (KeyValue<Bytes, byte[]> entry : closed) {
            long end = StoreKeys.windowEnd(entry.key);
            String sensorId = StoreKeys.windowSensorId(entry.key);
            scratch.decode(ByteBuffer.wrap(entry.value));
            WindowResult result = new WindowResult(sensorId, new Window(end - windows.sizeMs(), end), scratch.snapshot());
            context.forward(new Record<>(utf8(sensorId), output.windowResult(result, processingTime), end - 1),
                    ChildNames.AGGREGATED);
            windowStore.delete(entry.key);
            metrics.windowEmitted();
        }
        openWindowEnds.removeBefore(w + 1);
    }

    private void releasePending(long w) {
        long earliest = pendingTimes.earliest();
        if (w <= earliest) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> ready = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = pendingStore.range(StoreKeys.pendingKey(earliest, 0),
                StoreKeys.pendingKeysBefore(w))) {
            while (it.hasNext()) {
                ready.add(it.next());
            }
        }
        for (KeyValue<Bytes, byte[]> entry : ready) {
            detect(decodePending(StoreKeys.pendingEventTime(entry.key), entry.value), false);
            pendingStore.delete(entry.key);
        }
        pendingTimes.removeBefore(w);
    }

    private void detect(Reading reading, boolean outOfOrder) {
        Bytes key = StoreKeys.sensorKey(reading.sensorId());
        byte[] previous = lastReadingStore.get(key);
        if (previous != null) {
            ByteBuffer b = ByteBuffer.wrap(previous);
            long previousTime = b.getLong();
            double previousValue = b.getDouble();
            JumpAlert alert = jumpDetector.check(previousValue, previousTime, reading);
            if (alert != null) {
                context.forward(new Record<>(utf8(reading.sensorId()),
                        output.jumpAlert(alert, context.currentSystemTimeMs()), reading.eventTimeMs()), ChildNames.ALERTS);
                metrics.jumpAlert();
            }
            if (outOfOrder && previousTime > reading.eventTimeMs()) {
                return;
            }
        }
        lastReadingStore.put(key, ByteBuffer.allocate(16).putLong(reading.eventTimeMs()).putDouble(reading.value()).array());
    }

    private void deadLetter(Record<byte[], byte[]> record, ParseResult.Rejected rejected) {
        metrics.rejected(rejected.reason());
        RecordHeaders headers = sourceHeaders(record);
        headers.add(DiagnosticHeaders.REASON, utf8(rejected.reason().code()));
        headers.add(DiagnosticHeaders.DETAIL, utf8(rejected.detail()));
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), ChildNames.DEAD_LETTER);
        rejectLog.warn("Rejected record at {}: {} ({})", sourceOf(), rejected.reason().code(), rejected.detail());
    }

    private void late(Record<byte[], byte[]> record, Reading reading, long w) {
        metrics.late();
        long start = windows.lastStartFor(reading.eventTimeMs());
        RecordHeaders headers = sourceHeaders(record);
        headers.add(DiagnosticHeaders.REASON, utf8(DiagnosticHeaders.LATE_REASON));
        headers.add(DiagnosticHeaders.DETAIL, utf8("window [" + start + ", " + (start + windows.sizeMs())
                + ") closed at watermark " + w + "; reading event time " + reading.eventTimeMs()));
        headers.add(DiagnosticHeaders.WINDOW_START, utf8(Long.toString(start)));
        headers.add(DiagnosticHeaders.WINDOW_END, utf8(Long.toString(start + windows.sizeMs())));
        headers.add(DiagnosticHeaders.WATERMARK, utf8(Long.toString(w)));
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), ChildNames.LATE);
    }

    private RecordHeaders sourceHeaders(Record<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
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

    /** After (re)start, rebuilds the watermark and the in-memory indexes from the restored stores, once. */
    private void restoreIfNeeded() {
        if (indexed) {
            return;
        }
        indexed = true;
        byte[] saved = progressStore.get(MAX_EVENT_TIME_KEY);
        if (saved != null) {
            watermark.restore(ByteBuffer.wrap(saved).getLong());
        }
        openWindowEnds.clear();
        try (KeyValueIterator<Bytes, byte[]> it = windowStore.all()) {
            it.forEachRemaining(kv -> openWindowEnds.add(StoreKeys.windowEnd(kv.key)));
        }
        pendingTimes.clear();
        try (KeyValueIterator<Bytes, byte[]> it = pendingStore.all()) {
            it.forEachRemaining(kv -> pendingTimes.add(StoreKeys.pendingEventTime(kv.key)));
        }
    }

    private static byte[] encodePending(Reading r) {
        byte[] id = utf8(r.sensorId());
        return ByteBuffer.allocate(Double.BYTES + id.length).putDouble(r.value()).put(id).array();
    }

    private static Reading decodePending(long eventTime, byte[] value) {
        double v = ByteBuffer.wrap(value).getDouble();
        return new Reading(new String(value, Double.BYTES, value.length - Double.BYTES, StandardCharsets.UTF_8), eventTime, v);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
