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
                + "delay and the NAB score (standard, low FP, low FN profiles) per detector, one configuration for every file.")
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
        for (LabelledSeries s : series) {
            for (DetectorEvaluation.Candidate c : candidates) {
                DetectorScore score = evaluation.score(c, s);
                totals.merge(c.name(), score, DetectorScore::plus);
                nab.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(evaluation.nabFile(c, s));
            }
        }
        System.out.printf("%d series, %d labelled windows%n", series.size(), totals.values().iterator().next().windows());
        System.out.printf("%-14s %9s %9s %6s %7s %7s %7s %12s   %s%n", "detector", "detected", "false+", "", "prec", "recall", "F1",
                "delay", "NAB standard / low FP / low FN");
        DetectorScore best = null;
        for (DetectorScore t : totals.values()) {
            List<NabScorer.DataFile> files = nab.get(t.detector());
            System.out.printf("%-14s %4d/%-4d %9d %6s %7.3f %7.3f %7.3f %10.1f h   %6.1f / %6.1f / %6.1f%n", t.detector(), t.detected(),
                    t.windows(), t.falsePositives(), "", t.precision(), t.recall(), t.f1(), t.meanDelayMs() / 3_600_000.0,
                    NabScorer.score(files, NabScorer.Profile.STANDARD).normalized(),
                    NabScorer.score(files, NabScorer.Profile.LOW_FP).normalized(),
                    NabScorer.score(files, NabScorer.Profile.LOW_FN).normalized());
            if (!t.detector().equals("jump") && (best == null || t.f1() > best.f1())) best = t;
        }
        System.out.printf("best=%s f1=%.3f jump_f1=%.3f nab_standard=%.1f%n", best.detector(), best.f1(), totals.get("jump").f1(),
                NabScorer.score(nab.get(best.detector()), NabScorer.Profile.STANDARD).normalized());
        return 0;
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
        list.add(new DetectorEvaluation.Candidate("rcf", List.of(() -> catalog.create("rcf", Map.of(), 1))));
        list.add(new DetectorEvaluation.Candidate("rcf-thresholder", List.of(() -> catalog.create("rcf", Map.of("min-score", 0), 1))));
        list.add(new DetectorEvaluation.Candidate("ensemble", List.of(mad, ewma, flat)));
        return list;
    }
}
