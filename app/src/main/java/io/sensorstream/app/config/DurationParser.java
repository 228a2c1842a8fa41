package io.sensorstream.app.config;

import io.sensorstream.app.UserError;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses human durations: a number with a unit ({@code 250ms}, {@code 5s}, {@code 1.5m}, {@code 2h}, {@code 1d}) or an
 * ISO-8601 duration ({@code PT1M}). A bare number is refused, because its unit would be a guess.
 */
public final class DurationParser {

    private static final Pattern HUMAN = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)\\s*");

    private DurationParser() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new UserError("empty duration; write e.g. 60s, 500ms, 5m");
        }
        Matcher m = HUMAN.matcher(text);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double millis = switch (m.group(2)) {
                case "ms" -> amount;
                case "s" -> amount * 1_000;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 86_400_000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new UserError("'" + text + "' is not a duration; write e.g. 60s, 500ms, 5m, 1h");
        }
    }

    /** Formats a duration the way {@link #parse} reads it, in the largest exact unit. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms != 0 && ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
