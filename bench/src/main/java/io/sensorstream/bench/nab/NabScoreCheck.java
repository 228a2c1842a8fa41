package io.sensorstream.bench.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorstream.app.evaluate.NabDataset;
import io.sensorstream.core.evaluate.NabScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks sensorstream's port of NAB's scoring against NAB's own published results: for each detector, the anomaly
 * scores in a NAB checkout's {@code results/<detector>/} are scored with {@link NabScorer} (threshold optimised over
 * the corpus, normalised) and compared with {@code results/final_results.json}; so is the corpus scored at the threshold
 * NAB published it with ({@code config/thresholds.json}: for some detectors NAB's final results were scored at an
 * older optimisation's threshold, and re-optimising finds a better one); and each file's score at that threshold is
 * compared with {@code results/<detector>/<detector>_<profile>_scores.csv}. Exit status 1 when the normalised score at
 * NAB's threshold differs from the published one by more than 0.1.
 *
 * <p>Usage: {@code git clone https://github.com/numenta/NAB && ./bench/nab-check NAB [detector,...]} (default: numenta,
 * ARTime, contextOSE, randomCutForest, windowedGaussian, htmjava).
 */
public final class NabScoreCheck {

    public static void main(String[] args) throws Exception {
        Path nab = Path.of(args.length > 0 ? args[0] : "NAB");
        List<String> detectors = List.of((args.length > 1 ? args[1]
                : "numenta,ARTime,contextOSE,randomCutForest,windowedGaussian,htmjava").split(","));
        JsonNode published = new ObjectMapper().readTree(nab.resolve("results").resolve("final_results.json").toFile());
        JsonNode thresholds = new ObjectMapper().readTree(nab.resolve("config").resolve("thresholds.json").toFile());
        System.out.println("| detector | profile | published | at NAB's threshold | difference | re-optimised (threshold) | files: worst per-file difference |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        double worst = 0;
        for (String detector : detectors) {
            List<NabScorer.DataFile> corpus = NabDataset.loadResults(nab, detector);
            for (NabScorer.Profile profile : NabScorer.Profile.ALL) {
                NabScorer.Result optimised = NabScorer.score(corpus, profile);
                double threshold = thresholds.path(detector).path(profile.name()).path("threshold").asDouble(Double.NaN);
                NabScorer.Result atTheirs = NabScorer.scoreAt(corpus, profile, threshold);
                double expected = published.path(detector).path(profile.name()).asDouble(Double.NaN);
                double diff = Math.abs(atTheirs.normalized() - expected);
                worst = Math.max(worst, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
                System.out.printf("| %s | %s | %.3f | %.3f | %.4f | %.3f (%.6f) | %s |%n", detector, profile.name(), expected,
                        atTheirs.normalized(), diff, optimised.normalized(), optimised.threshold(),
                        perFile(nab, detector, profile, corpus));
            }
        }
        System.out.printf("worst difference: %.4f (tolerance 0.1)%n", worst);
        System.exit(worst <= 0.1 ? 0 : 1);
    }

    /** The largest difference between NAB's per-file score at its threshold and this port's, over the files. */
    private static String perFile(Path nab, String detector, NabScorer.Profile profile, List<NabScorer.DataFile> corpus) throws Exception {
        Path scores = nab.resolve("results").resolve(detector).resolve(detector + "_" + profile.name() + "_scores.csv");
        if (!Files.isReadable(scores)) return "no per-file scores";
        Map<String, NabScorer.DataFile> byName = new HashMap<>();
        corpus.forEach(f -> byName.put(f.name(), f));
        double worst = 0;
        int files = 0;
        for (String line : Files.readAllLines(scores).subList(1, Files.readAllLines(scores).size())) {
            String[] c = line.split(",");
            NabScorer.DataFile f = c.length > 4 ? byName.get(c[2]) : null;
            if (f == null) continue;
            NabScorer.ThresholdScore mine = NabScorer.scoreFile(f, profile, Double.parseDouble(c[3]));
            worst = Math.max(worst, Math.abs(mine.score() - Double.parseDouble(c[4])));
            files++;
        }
        return String.format("%d: %.2g", files, worst);
    }
}
