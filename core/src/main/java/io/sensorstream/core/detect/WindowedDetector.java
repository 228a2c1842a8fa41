package io.sensorstream.core.detect;

/** A ring buffer of the last N values, the state of the rolling detectors. */
public final class WindowedDetector {

    private WindowedDetector() {
    }

    /** The last {@code capacity} values, oldest first when read in order. */
    public static final class Ring {
        final double[] values;
        int size;
        int next;

        public Ring(int capacity) {
            values = new double[capacity];
        }

        void add(double x) {
            values[next] = x;
            next = (next + 1) % values.length;
            if (size < values.length) size++;
        }

        double[] copy() {
            double[] out = new double[size];
            System.arraycopy(values, 0, out, 0, size);
            return out;
        }
    }
}
