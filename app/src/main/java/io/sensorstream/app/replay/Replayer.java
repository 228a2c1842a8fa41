package io.sensorstream.app.replay;

import io.sensorstream.app.UserError;
import java.io.UncheckedIOException;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.engine.LateReading;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.reading.ReadingParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the streaming pipeline's own engine over a file, without Kafka: the same parsing, windows, watermark, lateness
 * and detector as {@code run}, so for the same input and configuration the results are identical (apart from the
 * wall-clock {@code processing_time_utc}, which replay sets to the window's end). The file is one partition, read
 * in order; at its end the watermark is advanced to infinity so every window closes, unless flushing is off.
 */
public final class Replayer {

    /** Input formats. */
    public enum Format { CSV, JSONL }

    /** What a replay did. */
    /**
     * @param alerts jump alerts (the seed's format); {@code alertEvents}: the detector suite's FIRING/RESOLVED events;
     *               {@code scores}: detector scores written (0 unless asked for)
     */
    public record Summary(long lines, long readings, long rejected, long late, long windows, long alerts, long alertEvents,
                          long scores, Duration elapsed) {
        public double readingsPerSecond() {
            return elapsed.isZero() ? 0 : readings / (elapsed.toNanos() / 1e9);
        }
    }

    private final AnalyticsSpec spec;
    private final boolean flushAtEnd;

    public Replayer(AnalyticsSpec spec, boolean flushAtEnd) {
        this.spec = spec;
        this.flushAtEnd = flushAtEnd;
    }

    /**
     * @param windowsOut where window results go, one JSON object per line
     * @param alertsOut  where alerts go (may be the same stream), or null to drop them
     * @param progress   a terminal to draw a progress bar on, or null
     */
    public Summary replay(Path file, Format format, String sensorId, OutputStream windowsOut, OutputStream alertsOut,
                          PrintStream progress) throws IOException {
        return replay(file, format, sensorId, windowsOut, alertsOut, null, progress);
    }

    /** As above; {@code scoresOut}: every detector's score of every reading ({@code sensorstream.score.v1}), or null. */
    public Summary replay(Path file, Format format, String sensorId, OutputStream windowsOut, OutputStream alertsOut,
                          OutputStream scoresOut, PrintStream progress) throws IOException {
        long started = System.nanoTime();
        long total = Files.size(file);
        AnalyticsSpec spec = this.spec;
        if (format == Format.CSV) {
            try (BufferedReader first = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String header = first.readLine();
                if (header != null) {
                    spec = CsvReadingDecoder.forHeader(header, spec);
                }
            }
        }
        OutputJson json = new OutputJson(spec.format().metricNames(), spec.percentiles());
        long[] counts = new long[5]; // windows, alerts, late, alert events, scores
        AnalyticsOutput out = new AnalyticsOutput() {
            @Override
            public void window(WindowResult r) {
                write(windowsOut, json.windowResult(r, r.endMs()));
                counts[0]++;
            }

            @Override
            public void alert(JumpAlert a) {
                if (alertsOut != null) write(alertsOut, json.jumpAlert(a, a.eventTimeMs()));
                counts[1]++;
            }

            @Override
            public void alertEvent(AlertEvent e) {
                if (alertsOut != null) write(alertsOut, json.alertEvent(e, e.eventTimeMs()));
                counts[3]++;
            }

            @Override
            public void late(Reading reading, LateReading why) {
                counts[2]++;
            }

            @Override
            public boolean wantsScores() {
                return scoresOut != null;
            }

            @Override
            public void score(DetectorScore s) {
                write(scoresOut, json.score(s));
                counts[4]++;
            }
        };
        PartitionAnalytics engine = new PartitionAnalytics(spec, AnalyticsState.inMemory(), out);
        ReadingParser parser = new ReadingParser(spec.format());
        long lines = 0;
        long readings = 0;
        long rejected = 0;
        long bytes = 0;
        ProgressBar bar = progress == null ? null : new ProgressBar(progress, total);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvReadingDecoder csv = null;
            if (format == Format.CSV) {
                String header = in.readLine();
                if (header == null) {
                    throw new UserError(file + " is empty: a CSV needs a header line");
                }
                bytes += header.length() + 1;
                csv = new CsvReadingDecoder(header, spec.format(), sensorId);
            }
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                bytes += line.length() + 1;
                if (line.isBlank()) {
                    continue;
                }
                ParseResult p = csv != null ? csv.decode(line) : parser.parse(line.getBytes(StandardCharsets.UTF_8));
                if (p instanceof ParseResult.Valid v) {
                    engine.onReading(v.reading());
                    readings++;
                } else {
                    rejected++;
                }
                if (bar != null && (lines & 0xFFFF) == 0) {
                    bar.update(bytes, readings, System.nanoTime() - started);
                }
            }
        }
        if (flushAtEnd && engine.maxEventTime() != Long.MIN_VALUE) {
            engine.advanceTo(Long.MAX_VALUE / 4);
        }
        windowsOut.flush();
        if (alertsOut != null) alertsOut.flush();
        if (scoresOut != null) scoresOut.flush();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (bar != null) {
            bar.update(total, readings, elapsed.toNanos());
            bar.finish();
        }
        return new Summary(lines, readings, rejected, counts[2], counts[0], counts[1], counts[3], counts[4], elapsed);
    }

    private static void write(OutputStream out, byte[] json) {
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-line progress bar redrawn in place: {@code [=====>    ]  52%  1.2M readings  5.1M/s}. */
    private static final class ProgressBar {
        private final PrintStream out;
        private final long total;

        ProgressBar(PrintStream out, long total) {
            this.out = out;
            this.total = Math.max(1, total);
        }

        void update(long done, long readings, long nanos) {
            int width = 30;
            double fraction = Math.min(1.0, done / (double) total);
            int filled = (int) (fraction * width);
            StringBuilder sb = new StringBuilder("\r[");
            for (int i = 0; i < width; i++) sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
            sb.append(String.format("] %3d%%  %,d readings  %.1fM/s", (int) (fraction * 100), readings,
                    nanos == 0 ? 0.0 : readings / (nanos / 1e9) / 1e6));
            out.print(sb);
            out.flush();
        }

        void finish() {
            out.println();
        }
    }
}
