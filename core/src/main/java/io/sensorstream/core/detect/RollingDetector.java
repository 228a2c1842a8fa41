package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Base of the detectors that judge a value against the last N normal values: the window, the threshold and the
 * smallest spread they will divide by, validated once, and the ring buffer as their state.
 */
abstract class RollingDetector implements Detector<WindowedDetector.Ring> {

    protected final int window;
    protected final double threshold;
    protected final double minSpread;

    protected RollingDetector(String what, int window, double threshold, double minSpread) {
        if (window < 3) throw new IllegalArgumentException(what + " window must be >= 3, got " + window);
        if (!(threshold > 0)) throw new IllegalArgumentException(what + " threshold must be > 0, got " + threshold);
        this.window = window;
        this.threshold = threshold;
        this.minSpread = minSpread;
    }

    @Override
    public WindowedDetector.Ring newState() {
        return new WindowedDetector.Ring(window);
    }

    @Override
    public void writeState(WindowedDetector.Ring ring, DataOutput out) throws IOException {
        out.writeInt(ring.size);
        out.writeInt(ring.next);
        for (int i = 0; i < ring.size; i++) out.writeDouble(ring.values[i]);
    }

    @Override
    public WindowedDetector.Ring readState(DataInput in) throws IOException {
        WindowedDetector.Ring ring = new WindowedDetector.Ring(window);
        int size = in.readInt();
        int next = in.readInt();
        if (size > window || next >= window) {
            throw new IOException("stored window of " + size + " values does not fit the configured " + window);
        }
        ring.size = size;
        ring.next = next;
        for (int i = 0; i < size; i++) ring.values[i] = in.readDouble();
        return ring;
    }
}
