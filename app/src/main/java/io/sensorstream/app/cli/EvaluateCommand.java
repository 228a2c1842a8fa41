package io.sensorstream.app.cli;

import io.sensorstream.core.evaluate.NabScorer;

import io.sensorstream.app.UserError;
import io.sensorstream.app.evaluate.NabDataset;
import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.DetectorCatalog;
import io.sensorstream.core.evaluate.DetectorEvaluation;
import io.sensorstream.core.evaluate.DetectorScore;
import io.sensorstream.core.evaluate.LabelledSeries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score the anomaly detectors on labelled data (NAB layout): precision, recall, F1, detection "
                + "delay and the NAB score (standard, low FP, low FN profiles) per detector, one configuration for every file: "
                + "of its alerts (one detection where each starts firing) and, for detectors with a graded score in [0, 1], "
                + "of that score at every reading with the threshold NAB optimises.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--data", description = "Dataset folder in the NAB layout (data/**.csv and labels/combined_windows.json), e.g. "
            + "the Numenta Anomaly Benchmark corpus. Without it: a labelled synthetic sample made on the spot "
            + "(spikes, level shift, drift, flatline, noise burst, a normal series).")
    Path data;

    @Option(names = "--detectors", split = ",", paramLabel = "NAME",
            description = "Score only these candidates (comma-separated, e.g. jump,likelihood,rcf; default: all).")
    List<String> only;

    @Override
    public Integer call() throws Exception {
        List<DetectorEvaluation.Candidate> candidates = candidates();
        if (only != null && !only.isEmpty()) {
            List<String> known = candidates.stream().map(DetectorEvaluation.Candidate::name).toList();
            for (String name : only) {
                if (!known.contains(name)) throw new UserError("--detectors: unknown candidate '" + name + "'; choose from " + known);
            }
            candidates = candidates.stream().filter(c -> only.contains(c.name()) || c.name().equals("jump")).toList();
        }
        List<LabelledSeries> series;
        if (data == null) {
            series = io.sensorstream.core.evaluate.SyntheticSeries.generate(7);
            System.out.println("no --data: scoring on the synthetic sample (give --data DIR for the NAB corpus)");
        } else {
            if (!java.nio.file.Files.isDirectory(data)) {
                throw new UserError("--data " + data + " is not a folder: give a NAB-layout folder (data/**.csv, labels/combined_windows.json)"
                        + " or leave --data out for the synthetic sample");
            }
            series = NabDataset.load(data);
        }
        if (series.isEmpty()) {
            throw new UserError("no labelled series found under " + data);
        }
        DetectorEvaluation evaluation = new DetectorEvaluation(new AlertLifecycle(12, 24 * 3_600_000L));
        Map<String, DetectorScore> totals = new LinkedHashMap<>();
        Map<String, List<NabScorer.DataFile>> nab = new LinkedHashMap<>();
        Map<String, List<NabScorer.DataFile>> graded = new LinkedHashMap<>();
        for (LabelledSeries s : series) {
            for (DetectorEvaluation.Candidate c : candidates) {
                DetectorEvaluation.Outcome outcome = evaluation.run(c, s);
                totals.merge(c.name(), evaluation.score(c.name(), s, outcome), DetectorScore::plus);
                nab.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(evaluation.nabFile(s, outcome));
                NabScorer.DataFile g = evaluation.gradedFile(s, outcome);
                if (g != null) graded.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(g);
            }
        }
        System.out.printf("%d series, %d labelled windows%n", series.size(), totals.values().iterator().next().windows());
        System.out.printf("%-16s %9s %9s %7s %7s %7s %10s   %-24s   %s%n", "detector", "detected", "false+", "prec", "recall", "F1",
                "delay", "NAB alerts: std/lowFP/lowFN", "NAB scores: std/lowFP/lowFN");
        DetectorScore best = null;
        String nabBest = null;
        double nabBestScore = Double.NEGATIVE_INFINITY;
        for (DetectorScore t : totals.values()) {
            double[] alerts = nabScores(nab.get(t.detector()));
            double[] scores = graded.containsKey(t.detector()) && graded.get(t.detector()).size() == series.size()
                    ? nabScores(graded.get(t.detector())) : null;
            System.out.printf("%-16s %4d/%-4d %9d %7.3f %7.3f %7.3f %8.1f h   %6.1f / %6.1f / %6.1f   %s%n", t.detector(), t.detected(),
                    t.windows(), t.falsePositives(), t.precision(), t.recall(), t.f1(), t.meanDelayMs() / 3_600_000.0,
                    alerts[0], alerts[1], alerts[2],
                    scores == null ? "  -" : String.format("%6.1f / %6.1f / %6.1f", scores[0], scores[1], scores[2]));
            if (!t.detector().equals("jump") && (best == null || t.f1() > best.f1())) best = t;
            double top = Math.max(alerts[0], scores == null ? Double.NEGATIVE_INFINITY : scores[0]);
            if (top > nabBestScore) {
                nabBestScore = top;
                nabBest = t.detector();
            }
        }
        System.out.printf("best=%s f1=%.3f jump_f1=%.3f nab_standard=%.1f nab_best=%s:%.1f%n", best.detector(), best.f1(),
                totals.get("jump").f1(), NabScorer.score(nab.get(best.detector()), NabScorer.Profile.STANDARD).normalized(),
                nabBest, nabBestScore);
        return 0;
    }

    /** NAB standard, low FP and low FN, each at its own optimised threshold, normalised. */
    private static double[] nabScores(List<NabScorer.DataFile> files) {
        return new double[] {NabScorer.score(files, NabScorer.Profile.STANDARD).normalized(),
                NabScorer.score(files, NabScorer.Profile.LOW_FP).normalized(),
                NabScorer.score(files, NabScorer.Profile.LOW_FN).normalized()};
    }

    /**
     * One configuration for every file, built through the detector catalog: scale-free settings (z-scores, MAD, Random
     * Cut Forest with its defaults) plus the seed's jump rule as the baseline.
     */
    static List<DetectorEvaluation.Candidate> candidates() {
        DetectorCatalog catalog = DetectorCatalog.standard();
        Supplier<Detector<?>> ewma = () -> catalog.create("ewma", Map.of("alpha", 0.02, "warmup", 200, "min-stddev", 1e-6), 1);
        Supplier<Detector<?>> zscore = () -> catalog.create("zscore", Map.of("window", 288, "min-spread", 1e-6), 1);
        Supplier<Detector<?>> mad = () -> catalog.create("mad", Map.of("window", 288, "min-spread", 1e-6), 1);
        Supplier<Detector<?>> flat = () -> catalog.create("flatline", Map.of("readings", 144), 1);
        List<DetectorEvaluation.Candidate> list = new ArrayList<>();
        list.add(new DetectorEvaluation.Candidate("jump", List.of(() -> catalog.create("jump", Map.of(), 1))));
        list.add(new DetectorEvaluation.Candidate("ewma", List.of(ewma)));
        list.add(new DetectorEvaluation.Candidate("zscore", List.of(zscore)));
        list.add(new DetectorEvaluation.Candidate("mad", List.of(mad)));
        list.add(new DetectorEvaluation.Candidate("flatline", List.of(flat)));
        list.add(new DetectorEvaluation.Candidate("likelihood", List.of(() -> catalog.create("likelihood", Map.of(), 1))));
        list.add(new DetectorEvaluation.Candidate("cad", List.of(() -> catalog.create("cad", Map.of(), 1))));
        list.add(new DetectorEvaluation.Candidate("rcf", List.of(() -> catalog.create("rcf", Map.of(), 1))));
        list.add(new DetectorEvaluation.Candidate("rcf-thresholder", List.of(() -> catalog.create("rcf", Map.of("min-score", 0), 1))));
        list.add(new DetectorEvaluation.Candidate("ensemble", List.of(mad, ewma, flat)));
        list.add(new DetectorEvaluation.Candidate("cad+likelihood", List.of(() -> catalog.create("cad", Map.of(), 1),
                () -> catalog.create("likelihood", Map.of(), 1))));
        return list;
    }
}
