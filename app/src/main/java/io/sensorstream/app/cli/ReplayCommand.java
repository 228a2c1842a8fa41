package io.sensorstream.app.cli;

import io.sensorstream.app.UserError;
import io.sensorstream.app.config.PipelineAssembly;
import java.io.FilterOutputStream;
import java.io.IOException;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.replay.Replayer;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Run the pipeline's windows, statistics and detector over a file, without Kafka, as fast as the "
                + "machine allows; results as JSON lines.")
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Parameters(index = "0", description = "Input file: CSV with a header (NAB's timestamp,value) or JSON lines.")
    Path file;

    @Option(names = "--format", description = "csv or jsonl (default: from the file name).")
    String format;

    @Option(names = "--window", description = "Tumbling window size, overrides window.size, e.g. 1h.")
    String window;

    @Option(names = "--out", description = "Write window results here (default: standard output).")
    Path out;

    @Option(names = "--alerts", description = "Write alerts here (default: not written).")
    Path alerts;

    @Option(names = "--scores", description = "Write every detector's score of every reading here, to choose thresholds "
            + "(default: not written).")
    Path scores;

    @Option(names = "--sensor-id", description = "Sensor id for CSV files without a sensor column (default: the file name).")
    String sensorId;

    @Option(names = "--no-flush", description = "Do not close the windows still open at the end of the file.")
    boolean noFlush;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new UserError("cannot read " + file);
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        if (window != null) {
            overrides.put("window.size", window);
            overrides.put("window.advance", window);
        }
        SensorstreamConfig cfg = ConfigLoader.load(config.file, overrides);
        String name = file.getFileName().toString();
        Replayer.Format f = format != null ? Replayer.Format.valueOf(format.toUpperCase(Locale.ROOT))
                : name.endsWith(".csv") ? Replayer.Format.CSV : Replayer.Format.JSONL;
        String id = sensorId != null ? sensorId : name.replaceFirst("\\.[^.]*$", "");
        PrintStream progress = System.console() != null ? System.err : null;
        try (OutputStream windows = out == null ? nonClosing(System.out) : new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
             OutputStream alertStream = alerts == null ? null : new BufferedOutputStream(Files.newOutputStream(alerts), 1 << 16);
             OutputStream scoreStream = scores == null ? null : new BufferedOutputStream(Files.newOutputStream(scores), 1 << 16)) {
            Replayer.Summary s = new Replayer(new PipelineAssembly(cfg).pipelineSettings().analytics(), !noFlush)
                    .replay(file, f, id, out == null ? new BufferedOutputStream(windows, 1 << 16) : windows, alertStream, scoreStream,
                            progress);
            System.err.printf("replayed lines=%d readings=%d rejected=%d late=%d windows=%d alerts=%d alert_events=%d scores=%d "
                            + "seconds=%.3f rate=%.0f/s%n",
                    s.lines(), s.readings(), s.rejected(), s.late(), s.windows(), s.alerts(), s.alertEvents(), s.scores(),
                    s.elapsed().toNanos() / 1e9, s.readingsPerSecond());
        }
        return 0;
    }

    private static OutputStream nonClosing(OutputStream o) {
        return new FilterOutputStream(o) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
