package io.sensorstream.core.simulate;

/**
 * What the simulated sensors send. The defaults reproduce the seed's simulator: 3 sensors, one reading per second
 * each, 20 °C ± 2 with a ±15 spike in 2 % of readings, all in order and well-formed.
 *
 * @param sensors           number of sensors, named {@code sensor_1 .. sensor_N}
 * @param ratePerSensor     readings per second per sensor (event-time spacing is {@code 1000 / rate} ms)
 * @param seed              random seed: the same settings and seed give the same records
 * @param startTimeMs       event time of the first tick, epoch ms
 * @param disorderMs        each reading's timestamp is moved back by a uniform random amount in {@code [0, disorderMs]}
 * @param lateFraction      probability that a reading is sent {@code lateByMs} behind its tick (too late for its window)
 * @param lateByMs          how far behind a late reading's timestamp lies
 * @param malformedFraction probability that a record is replaced by a malformed one
 */
public record SimulatorSettings(int sensors, double ratePerSensor, long seed, long startTimeMs, long disorderMs,
                                double lateFraction, long lateByMs, double malformedFraction) {

    public SimulatorSettings {
        if (sensors < 1) throw new IllegalArgumentException("--sensors must be >= 1, got " + sensors);
        if (!(ratePerSensor > 0)) throw new IllegalArgumentException("--rate must be > 0, got " + ratePerSensor);
        if (disorderMs < 0) throw new IllegalArgumentException("--disorder-ms must be >= 0, got " + disorderMs);
        if (lateByMs < 0) throw new IllegalArgumentException("late-by must be >= 0, got " + lateByMs);
        checkFraction("--late-fraction", lateFraction);
        checkFraction("--malformed-fraction", malformedFraction);
    }

    public static SimulatorSettings seedDefaults(long startTimeMs) {
        return new SimulatorSettings(3, 1.0, 42L, startTimeMs, 0, 0.0, 180_000, 0.0);
    }

    private static void checkFraction(String name, double f) {
        if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + f);
    }
}
