package io.sensorstream.core.detect;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One detector's parameter values: the catalog's defaults with the configured values over them. Values come from YAML
 * (numbers, booleans) or the environment (strings) and are converted on read; a value of the wrong type is an
 * {@link IllegalArgumentException} naming the parameter and the type expected.
 */
public final class DetectorParams {

    private final String detector;
    private final TreeMap<String, Object> values;

    DetectorParams(String detector, Map<String, Object> values) {
        this.detector = detector;
        this.values = new TreeMap<>(values);
    }

    public double number(String key) {
        Object v = get(key);
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }

    public int integer(String key) {
        double d = number(key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + get(key) + "'");
        }
        return (int) d;
    }

    public long whole(String key) {
        double d = number(key);
        if (d != Math.rint(d)) throw new IllegalArgumentException(key + " must be a whole number, got '" + get(key) + "'");
        Object v = get(key);
        return v instanceof Number n && !(v instanceof Double) ? n.longValue() : (long) d;
    }

    public boolean flag(String key) {
        Object v = get(key);
        if (v instanceof Boolean b) return b;
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }

    private Object get(String key) {
        Object v = values.get(key);
        if (v == null) throw new IllegalArgumentException(detector + " has no value for " + key);
        return v;
    }

    /**
     * The canonical form of these values, {@code name{key=value,...}} with keys sorted and numbers normalised
     * ({@code 6}, {@code 6.0} and {@code "6"} are the same): what decides whether stored detector state still fits
     * the configuration. Example: {@code ewma{alpha=0.05,min-stddev=0.01,threshold=6.0,warmup=60.0}}.
     */
    public String canonical() {
        StringBuilder sb = new StringBuilder(detector).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            Object v = e.getValue();
            String text = v instanceof Boolean ? v.toString() : normalised(v);
            sb.append(e.getKey()).append('=').append(text);
        }
        return sb.append('}').toString();
    }

    private static String normalised(Object v) {
        if (v instanceof Number n) return Double.toString(n.doubleValue());
        String s = v.toString().trim();
        try {
            return Double.toString(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return s.toLowerCase(Locale.ROOT);
        }
    }
}
