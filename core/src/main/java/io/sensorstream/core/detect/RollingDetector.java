package io.sensorstream.core.detect;

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
}
