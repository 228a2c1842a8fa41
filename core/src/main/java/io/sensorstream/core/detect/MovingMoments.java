package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Exponentially weighted mean and variance (West's EWMV), the moving baseline of several detectors. Adding {@code x}
 * with weight {@code w}: {@code d = x − μ; μ += w·d; v = (1 − w)·(v + w·d²)}; a first value added with weight 1 sets
 * {@code μ = x, v = 0}. Example: μ 20, v 0.25, x 21, w 0.1 → μ 20.1, v 0.315. Encoded as count, mean, variance.
 */
class MovingMoments {

    long n;
    double mean;
    double variance;

    final void add(double x, double weight) {
        double d = x - mean;
        mean += weight * d;
        variance = (1 - weight) * (variance + weight * d * d);
        n++;
    }

    final double stddev(double floor) {
        return Math.max(floor, Math.sqrt(variance));
    }

    final void write(DataOutput out) throws IOException {
        out.writeLong(n);
        out.writeDouble(mean);
        out.writeDouble(variance);
    }

    final void read(DataInput in) throws IOException {
        n = in.readLong();
        mean = in.readDouble();
        variance = in.readDouble();
    }
}
