package io.sensorstream.core.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every detector sensorstream can run, by name: its parameters with defaults and how to build it. Configuration,
 * {@code evaluate} and the README's detector table all read this one list, so a new detector is its class plus one
 * entry here.
 */
public final class DetectorCatalog {

    /** One parameter: its configuration key (kebab-case), default value and meaning. */
    public record Param(String key, Object defaultValue, String description) {
    }

    /** Builds a detector from its parameters for readings of {@code metrics} metrics. */
    @FunctionalInterface
    public interface Factory {
        Detector<?> create(DetectorParams params, int metrics);
    }

    /** A detector kind. */
    public record Type(String name, String description, List<Param> params, Factory factory) {
        public Type {
            params = List.copyOf(params);
        }

        public Map<String, Object> defaults() {
            Map<String, Object> d = new LinkedHashMap<>();
            params.forEach(p -> d.put(p.key(), p.defaultValue()));
            return d;
        }
    }

    private final Map<String, Type> types = new LinkedHashMap<>();

    private DetectorCatalog(List<Type> all) {
        all.forEach(t -> types.put(t.name(), t));
    }

    /** The detectors that ship with sensorstream. */
    public static DetectorCatalog standard() {
        Type likelihood = new Type("likelihood", "anomaly likelihood (Numenta's idea): how unusual the recent average surprise is for this sensor",
                List.of(new Param("alpha", 0.02, "weight of the newest value in the mean and variance of values"),
                        new Param("averaging", 5, "raw surprises averaged"),
                        new Param("history", 2000, "averages the normal band of averaged surprise remembers (about)"),
                        new Param("threshold", 0.6, "log score that alerts (0.6: a 1-in-a-million tail)"),
                        new Param("warmup", 300, "readings before it may alert"),
                        new Param("min-stddev", 1e-6, "floor of the deviation (flat signals)"),
                        new Param("rest-period", 10, "readings the graded score reads 0 after a score at the threshold (0: off)"),
                        new Param("daily-slot", 30, "minutes of the time-of-day slots whose typical value is taken out first (0: off)"),
                        new Param("daily-weight", 0.1, "weight of a day in a slot's typical value")),
                (p, m) -> new AnomalyLikelihoodDetector(p.number("alpha"), p.integer("averaging"), p.integer("history"),
                        p.number("threshold"), p.integer("warmup"), p.number("min-stddev"), p.integer("rest-period"),
                        p.integer("daily-slot"), p.number("daily-weight")));
        return new DetectorCatalog(List.of(
                new Type("jump", "the seed's rule: |value − previous| > threshold (threshold: detect.jump-threshold)",
                        List.of(new Param("threshold", 5.0, "largest change between consecutive readings")),
                        (p, m) -> new JumpDetector(p.number("threshold"))),
                new Type("range", "static limits: value outside [min, max] (critical)",
                        List.of(new Param("min", -40.0, "lowest normal value"), new Param("max", 125.0, "highest normal value")),
                        (p, m) -> new RangeDetector(p.number("min"), p.number("max"))),
                new Type("rate", "rate of change per second above a limit (uneven sampling handled)",
                        List.of(new Param("max-per-second", 1.0, "largest change per second")),
                        (p, m) -> new RateOfChangeDetector(p.number("max-per-second"))),
                new Type("ewma", "exponentially weighted z-score: |value − mean| / stddev > threshold",
                        List.of(new Param("alpha", 0.05, "weight of the newest value"),
                                new Param("threshold", 6.0, "z-score that alerts"),
                                new Param("warmup", 60, "readings before it may alert"),
                                new Param("min-stddev", 0.01, "floor of the deviation (flat signals)")),
                        (p, m) -> new EwmaZScoreDetector(p.number("alpha"), p.number("threshold"), p.integer("warmup"),
                                p.number("min-stddev"))),
                new Type("zscore", "z-score of the last N values",
                        List.of(new Param("window", 60, "values kept"), new Param("threshold", 6.0, "z-score that alerts"),
                                new Param("min-spread", 0.01, "floor of the deviation")),
                        (p, m) -> new RollingZScoreDetector(p.integer("window"), p.number("threshold"), p.number("min-spread"))),
                new Type("mad", "robust score: |value − median| / MAD of the last N values",
                        List.of(new Param("window", 60, "values kept"), new Param("threshold", 8.0, "score that alerts"),
                                new Param("min-spread", 0.01, "floor of the MAD")),
                        (p, m) -> new RobustMadDetector(p.integer("window"), p.number("threshold"), p.number("min-spread"))),
                new Type("flatline", "stuck sensor: N consecutive values within epsilon (critical)",
                        List.of(new Param("epsilon", 0.0, "largest difference that counts as the same value"),
                                new Param("readings", 60, "values in a row")),
                        (p, m) -> new FlatlineDetector(p.number("epsilon"), p.integer("readings"))),
                likelihood,
                new Type("cad", "contextual anomaly detection (CAD OSE): learns which value contexts follow which, scores the unforeseen",
                        List.of(new Param("bits", 5, "value bins are 2^bits over the sensor's range"),
                                new Param("threshold", 0.75, "score that alerts (0..1)"),
                                new Param("rest-threshold", 0.75, "a score this high starts a rest period"),
                                new Param("rest-period", 120, "readings without alerts after a high score"),
                                new Param("max-left-facts", 7, "largest partial left group that becomes a new context"),
                                new Param("max-active", 15, "active contexts carried into the next step"),
                                new Param("min", Double.NaN, "lowest value of the range (with max; default: learnt)"),
                                new Param("max", Double.NaN, "highest value of the range (with min; default: learnt)"),
                                new Param("learn", 750, "readings the range is learnt from when min/max are not set"),
                                new Param("margin", 2.0, "learnt range widened by this share of its width on each side"),
                                new Param("max-contexts", 50_000, "contexts kept per sensor; at this many the model starts afresh"),
                                new Param("judge-while-learning", true, "the likelihood detector (its defaults, no daily profile) judges the readings while the range is learnt")),
                        (p, m) -> new ContextDetector(new ContextDetector.Settings(p.integer("bits"), p.number("threshold"),
                                p.number("rest-threshold"), p.integer("rest-period"), p.integer("max-left-facts"),
                                p.integer("max-active"), p.number("min"), p.number("max"), p.integer("learn"),
                                p.number("margin"), p.integer("max-contexts")),
                                p.flag("judge-while-learning")
                                        ? (AnomalyLikelihoodDetector) likelihood.factory().create(judgeParams(likelihood), m)
                                        : null)),
                new Type("rcf", "AWS Random Cut Forest over shingles of recent values",
                        List.of(new Param("shingle-size", 8, "values per point"), new Param("trees", 30, "trees in the forest"),
                                new Param("sample-size", 256, "points each tree keeps"),
                                new Param("warmup", 256, "readings before it may alert"),
                                new Param("anomaly-rate", 0.005, "expected share of anomalies (the thresholder's prior)"),
                                new Param("seed", 42, "random seed: same seed, same forest"),
                                new Param("sample-every", 1, "the forest learns every Nth reading"),
                                new Param("min-score", 1.5, "anomalies also need this RCF score (about 1 is normal); 0 to off"),
                                new Param("multi-metric", false, "one forest per sensor over all metrics (metric \"*\")")),
                        (p, m) -> new RandomCutForestDetector(new RandomCutForestDetector.Settings(p.integer("shingle-size"),
                                p.integer("trees"), p.integer("sample-size"), p.integer("warmup"), p.number("anomaly-rate"),
                                p.whole("seed"), p.integer("sample-every"), p.number("min-score")),
                                p.flag("multi-metric") ? m : 0))));
    }

    /**
     * The likelihood's defaults without the time-of-day profile: while {@code cad} learns (750 readings: 12.5 minutes
     * at a reading a second, 2.6 days at one every 5 minutes) a profile has seen a day at most, so its residuals are
     * the values less a moving mean (NAB whole corpus: cad 67.1 without, 65.8 with; subset 73.6 / 74.0).
     */
    private static DetectorParams judgeParams(Type likelihood) {
        Map<String, Object> values = likelihood.defaults();
        values.put("daily-slot", 0);
        return new DetectorParams("likelihood", values);
    }

    public List<Type> types() {
        return List.copyOf(types.values());
    }

    public Optional<Type> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** The names, comma-separated, for messages. */
    public String names() {
        return String.join(", ", types.keySet());
    }

    /**
     * The parameters of {@code name}: its defaults with {@code configured} over them.
     *
     * @throws IllegalArgumentException for an unknown detector or parameter, naming the valid ones
     */
    public DetectorParams params(String name, Map<String, ?> configured) {
        Type type = types.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown detector '" + name + "'; choose from " + names());
        }
        Map<String, Object> values = type.defaults();
        for (Map.Entry<String, ?> e : configured.entrySet()) {
            if (!values.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "' of " + name + "; it takes "
                        + type.params().stream().map(Param::key).collect(Collectors.joining(", ")));
            }
            if (e.getValue() != null) values.put(e.getKey(), e.getValue());
        }
        return new DetectorParams(name, values);
    }

    /** Builds {@code name} with {@code configured} parameters over its defaults. */
    public Detector<?> create(String name, Map<String, ?> configured, int metrics) {
        return create(params(name, configured), name, metrics);
    }

    /** Builds {@code name} from resolved parameters. */
    public Detector<?> create(DetectorParams params, String name, int metrics) {
        return types.get(name).factory().create(params, metrics);
    }
}
