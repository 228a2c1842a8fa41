package io.sensorstream.core.evaluate;

import java.util.List;

/**
 * One labelled time series: values in time order and the windows in which an anomaly is known to be.
 *
 * @param name    the series' name (NAB's relative path)
 * @param times   event times, epoch ms, ascending
 * @param values  the values
 * @param windows anomaly windows {@code [start, end]}, epoch ms, inclusive
 */
public record LabelledSeries(String name, long[] times, double[] values, List<long[]> windows) {
}
