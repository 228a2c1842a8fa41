package io.sensorstream.app.evaluate;

import io.sensorstream.core.evaluate.NabScorer;

import io.sensorstream.app.UserError;
import java.util.Arrays;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorstream.core.evaluate.LabelledSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a dataset laid out like the Numenta Anomaly Benchmark: {@code data/**.csv} files of {@code timestamp,value}
 * (UTC, {@code yyyy-MM-dd HH:mm:ss}) and {@code labels/combined_windows.json} mapping each file's path relative to
 * {@code data/} to its anomaly windows. Files without an entry are skipped.
 */
public final class NabDataset {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private NabDataset() {
    }

    public static List<LabelledSeries> load(Path root) throws IOException {
        Path data = root.resolve("data");
        Path labels = root.resolve("labels").resolve("combined_windows.json");
        if (!Files.isDirectory(data) || !Files.isReadable(labels)) {
            throw new UserError(root + " is not a NAB-style dataset: it needs data/**.csv and labels/combined_windows.json");
        }
        JsonNode windows = new ObjectMapper().readTree(labels.toFile());
        List<LabelledSeries> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        for (Path file : files) {
            String name = data.relativize(file).toString().replace('\\', '/');
            JsonNode w = windows.get(name);
            if (w == null) continue;
            List<long[]> ws = new ArrayList<>();
            w.forEach(pair -> ws.add(new long[] {millis(pair.get(0).asText()), millis(pair.get(1).asText())}));
            List<String> lines = Files.readAllLines(file);
            long[] times = new long[lines.size() - 1];
            double[] values = new double[lines.size() - 1];
            int n = 0;
            for (String line : lines.subList(1, lines.size())) {
                int comma = line.indexOf(',');
                if (comma < 0) continue;
                times[n] = millis(line.substring(0, comma).trim());
                values[n++] = Double.parseDouble(line.substring(comma + 1).trim());
            }
            out.add(new LabelledSeries(name, Arrays.copyOf(times, n), Arrays.copyOf(values, n), ws));
        }
        return out;
    }

    /**
     * A detector's published results in a NAB checkout, as NAB scores them: each {@code results/<detector>/<dir>/
     * <detector>_<file>.csv} (columns {@code timestamp} and {@code anomaly_score}) with the windows of
     * {@code <dir>/<file>} from {@code labels/combined_windows.json}.
     */
    public static List<NabScorer.DataFile> loadResults(Path nab, String detector) throws IOException {
        Path results = nab.resolve("results").resolve(detector);
        Path labels = nab.resolve("labels").resolve("combined_windows.json");
        if (!Files.isDirectory(results) || !Files.isReadable(labels)) {
            throw new UserError(nab + " is not a NAB checkout with results of '" + detector + "': it needs results/" + detector
                    + "/ and labels/combined_windows.json");
        }
        JsonNode windows = new ObjectMapper().readTree(labels.toFile());
        List<Path> files;
        try (Stream<Path> s = Files.walk(results)) {
            files = s.filter(p -> p.toString().endsWith(".csv") && !p.getFileName().toString().endsWith("_scores.csv")).sorted().toList();
        }
        List<NabScorer.DataFile> out = new ArrayList<>();
        for (Path file : files) {
            String dataName = results.relativize(file.getParent()).toString().replace('\\', '/') + "/"
                    + file.getFileName().toString().substring(detector.length() + 1);
            JsonNode w = windows.get(dataName);
            if (w == null) continue;
            List<long[]> ws = new ArrayList<>();
            w.forEach(pair -> ws.add(new long[] {millis(pair.get(0).asText()), millis(pair.get(1).asText())}));
            List<String> lines = Files.readAllLines(file);
            List<String> header = Arrays.asList(lines.get(0).split(","));
            int scoreColumn = header.indexOf("anomaly_score");
            if (scoreColumn < 0) throw new UserError(file + " has no anomaly_score column");
            long[] times = new long[lines.size() - 1];
            double[] scores = new double[lines.size() - 1];
            int n = 0;
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) continue;
                String[] cells = line.split(",");
                times[n] = millis(cells[0].trim());
                scores[n++] = Double.parseDouble(cells[scoreColumn].trim());
            }
            out.add(new NabScorer.DataFile(dataName, Arrays.copyOf(times, n), Arrays.copyOf(scores, n), ws));
        }
        return out;
    }

    static long millis(String text) {
        return LocalDateTime.parse(text, TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
