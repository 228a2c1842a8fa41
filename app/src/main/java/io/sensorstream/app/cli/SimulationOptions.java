package io.sensorstream.app.cli;

import io.sensorstream.app.UserError;
import io.sensorstream.core.simulate.SimulatorSettings;
import picocli.CommandLine.Option;

/** The simulated sensors' options, shared by {@code demo} and {@code simulate}; checked before anything starts. */
final class SimulationOptions {

    @Option(names = "--sensors", defaultValue = "3", description = "Simulated sensors (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--rate", defaultValue = "1", description = "Readings per second per sensor (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; same seed, same readings (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--disorder-ms", defaultValue = "0",
            description = "Move each timestamp back by up to this many ms (out-of-order readings; default: ${DEFAULT-VALUE}).")
    long disorderMs;

    @Option(names = "--late-fraction", defaultValue = "0",
            description = "Fraction of readings sent too late for their window (default: ${DEFAULT-VALUE}).")
    double lateFraction;

    @Option(names = "--malformed-fraction", defaultValue = "0", description = "Fraction of malformed records (default: ${DEFAULT-VALUE}).")
    double malformedFraction;

    /** The simulator's settings; a value out of range is a one-line {@link UserError} naming the option. */
    SimulatorSettings settings(long startMs, long lateByMs) {
        try {
            return new SimulatorSettings(sensors, rate, seed, startMs, disorderMs, lateFraction, lateByMs, malformedFraction);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
