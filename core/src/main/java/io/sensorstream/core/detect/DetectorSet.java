package io.sensorstream.core.detect;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The detectors that run on the sensors whose id matches a glob ({@code *} any run of characters, {@code ?} one
 * character; {@code *} alone matches every sensor). Example: {@code boiler-*} matches {@code boiler-7}, not
 * {@code pump-boiler}.
 *
 * @param sensors   the glob on sensor ids
 * @param detectors run on every metric of a matching sensor, in this order
 */
public record DetectorSet(String sensors, List<Detector<?>> detectors) {

    public DetectorSet {
        detectors = List.copyOf(detectors);
        if (detectors.stream().map(Detector::name).distinct().count() != detectors.size()) {
            throw new IllegalArgumentException("a detector appears twice for sensors '" + sensors + "'");
        }
    }

    /** Whether {@code sensorId} matches the glob. Asked once per new sensor; {@code *} (the default set) without a regex. */
    public boolean matches(String sensorId) {
        return sensors.equals("*") || glob(sensors).matcher(sensorId).matches();
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
