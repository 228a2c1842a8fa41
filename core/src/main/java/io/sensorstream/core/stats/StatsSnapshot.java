package io.sensorstream.core.stats;

/**
 * The statistics of one window at one moment, as published: an immutable copy of a {@link RunningStats}.
 *
 * @param count  number of readings
 * @param sum    sum of the values
 * @param mean   arithmetic mean
 * @param min    smallest value
 * @param max    largest value
 * @param stddev sample standard deviation (n − 1 denominator; 0 for one reading)
 */
public record StatsSnapshot(long count, double sum, double mean, double min, double max, double stddev) {
}
