package io.sensorstream.core.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One sensor's detector states and alert states, one slot per (detector, metric), or per detector for those that
 * judge the whole sensor, plus its last reading time and silent-sensor alert. Kept in a fault-tolerant table by sensor
 * id; {@link #encode}/{@link #decode} give its changelog form, which {@link #fingerprint} ties to the configuration
 * that made it.
 *
 * <p>Alert states are made when first needed (most slots never alert): {@code null} is a quiet alert, which keeps a
 * million sensors' state small. Slots are detector-major: for detectors {@code [ewma, rcf(whole sensor)]} and metrics {@code [t, h]}, the slots
 * are {@code ewma/t, ewma/h, rcf/*}.
 */
public final class SensorDetectors {

    final int fingerprint;
    final int set;
    final int metrics;
    final Object[] states;
    final AlertLifecycle.State[] alerts;
    long lastSeenMs = Long.MIN_VALUE;
    /** The silent-sensor alert, null until it first fires. */
    AlertLifecycle.State silent;

    private SensorDetectors(int fingerprint, int set, int metrics, int slots) {
        this.fingerprint = fingerprint;
        this.set = set;
        this.metrics = metrics;
        this.states = new Object[slots];
        this.alerts = new AlertLifecycle.State[slots];
    }

    /** Number of slots for these detectors over {@code metrics} metrics. */
    static int slots(List<Detector<?>> detectors, int metrics) {
        int n = 0;
        for (Detector<?> d : detectors) n += d.wholeSensor() ? 1 : metrics;
        return n;
    }

    /** Fresh state for {@code sensorId} under {@code plan}. */
    public static SensorDetectors create(DetectionPlan plan, String sensorId, int metrics) {
        int set = plan.setFor(sensorId);
        List<Detector<?>> detectors = plan.detectors(set);
        SensorDetectors s = new SensorDetectors(plan.fingerprint(), set, metrics, slots(detectors, metrics));
        int slot = 0;
        for (Detector<?> d : detectors) {
            for (int m = 0; m < (d.wholeSensor() ? 1 : metrics); m++) {
                s.states[slot] = d.newState();
                slot++;
            }
        }
        return s;
    }

    /** Whether this state was made under {@code plan}'s configuration (else it must be created afresh). */
    public boolean madeBy(DetectionPlan plan) {
        return fingerprint == plan.fingerprint();
    }

    public long lastSeenMs() {
        return lastSeenMs;
    }

    public void lastSeenMs(long t) {
        lastSeenMs = t;
    }

    /** Index of this sensor's detector set in the plan. */
    public int set() {
        return set;
    }

    /** The detector state in {@code slot}. */
    public Object state(int slot) {
        return states[slot];
    }

    /** The alert state in {@code slot}, null while that alert never fired. */
    public AlertLifecycle.State alert(int slot) {
        return alerts[slot];
    }

    /** The alert state in {@code slot}, made now if it never fired. */
    public AlertLifecycle.State alertForUpdate(int slot) {
        if (alerts[slot] == null) alerts[slot] = new AlertLifecycle.State();
        return alerts[slot];
    }

    /** The silent-sensor alert, null until it first fires. */
    public AlertLifecycle.State silent() {
        return silent;
    }

    /** The silent-sensor alert, made now if it never fired. */
    public AlertLifecycle.State silentForUpdate() {
        if (silent == null) silent = new AlertLifecycle.State();
        return silent;
    }

    public boolean silentFiring() {
        return silent != null && silent.firing;
    }

    private static void writeAlert(AlertLifecycle.State s, DataOutput out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) AlertLifecycle.writeState(s, out);
    }

    private static AlertLifecycle.State readAlert(DataInputStream in) throws IOException {
        return in.readBoolean() ? AlertLifecycle.readState(in) : null;
    }

    /** The state's encoding (without a format version: the state codec adds it). */
    public byte[] encode(DetectionPlan plan) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + states.length * 32);
            DataOutputStream out = new DataOutputStream(bytes);
            encode(plan, out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what {@link #encode(DetectionPlan)} returns into {@code out}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void encode(DetectionPlan plan, DataOutput out) {
        try {
            out.writeInt(fingerprint);
            out.writeInt(set);
            out.writeLong(lastSeenMs);
            writeAlert(silent, out);
            out.writeInt(metrics);
            out.writeInt(states.length);
            int slot = 0;
            for (Detector d : plan.detectors(set)) {
                for (int m = 0; m < (d.wholeSensor() ? 1 : metrics); m++, slot++) {
                    writeAlert(alerts[slot], out);
                    d.writeState(states[slot], out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes what {@link #encode} wrote. State made under another configuration keeps only its last reading time and
     * silent alert: its detector slots are empty and {@link #madeBy} is false.
     */
    public static SensorDetectors decode(byte[] b, int offset, DetectionPlan plan) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, offset, b.length - offset));
            int fingerprint = in.readInt();
            int set = in.readInt();
            long lastSeen = in.readLong();
            AlertLifecycle.State silent = readAlert(in);
            int metrics = in.readInt();
            int slots = in.readInt();
            boolean current = fingerprint == plan.fingerprint();
            SensorDetectors s = new SensorDetectors(fingerprint, set, metrics, current ? slots : 0);
            s.lastSeenMs = lastSeen;
            s.silent = silent;
            if (current) {
                int slot = 0;
                for (Detector<?> d : plan.detectors(set)) {
                    for (int m = 0; m < (d.wholeSensor() ? 1 : metrics); m++, slot++) {
                        s.alerts[slot] = readAlert(in);
                        s.states[slot] = d.readState(in);
                    }
                }
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt detector state: " + e.getMessage(), e);
        }
    }

    /** A fresh state under {@code plan} that keeps this one's last reading time and silent alert. */
    public SensorDetectors renew(DetectionPlan plan, String sensorId, int metrics) {
        SensorDetectors s = create(plan, sensorId, metrics);
        s.lastSeenMs = lastSeenMs;
        s.silent = silent;
        return s;
    }
}
