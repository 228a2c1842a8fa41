package io.sensorstream.core.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One sensor's detector states and alert states, one slot per (metric, detector), plus its last reading time and
 * silent-sensor alert. Kept in a fault-tolerant table by sensor id; {@link #encode}/{@link #decode} give its
 * changelog form, which {@link #fingerprint} ties to the configuration that made it.
 */
public final class SensorDetectors {

    final int fingerprint;
    final int set;
    final Object[] states;
    final AlertLifecycle.State[] alerts;
    long lastSeenMs = Long.MIN_VALUE;
    AlertLifecycle.State silent = new AlertLifecycle.State();

    private SensorDetectors(int fingerprint, int set, int slots) {
        this.fingerprint = fingerprint;
        this.set = set;
        this.states = new Object[slots];
        this.alerts = new AlertLifecycle.State[slots];
    }

    /** Fresh state for {@code sensorId} under {@code plan}. */
    public static SensorDetectors create(DetectionPlan plan, String sensorId, int metrics) {
        int set = plan.setFor(sensorId);
        List<Detector<?>> detectors = plan.detectors(set);
        SensorDetectors s = new SensorDetectors(plan.fingerprint(), set, metrics * detectors.size());
        for (int m = 0; m < metrics; m++) {
            for (int k = 0; k < detectors.size(); k++) {
                s.states[m * detectors.size() + k] = detectors.get(k).newState();
                s.alerts[m * detectors.size() + k] = new AlertLifecycle.State();
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

    public boolean silentFiring() {
        return silent.firing;
    }

    /** Whether any alert of this sensor is firing. */
    public boolean anyFiring() {
        if (silent.firing) return true;
        for (AlertLifecycle.State a : alerts) {
            if (a.firing) return true;
        }
        return false;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public byte[] encode(DetectionPlan plan) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + states.length * 32);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(fingerprint);
            out.writeInt(set);
            out.writeLong(lastSeenMs);
            AlertLifecycle.writeState(silent, out);
            out.writeInt(states.length);
            List<Detector<?>> detectors = plan.detectors(set);
            for (int i = 0; i < states.length; i++) {
                AlertLifecycle.writeState(alerts[i], out);
                ((Detector) detectors.get(i % detectors.size())).writeState(states[i], out);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes what {@link #encode} wrote. State made under another configuration keeps only its last reading time and
     * silent alert: its detector slots are empty and {@link #madeBy} is false.
     */
    public static SensorDetectors decode(byte[] b, DetectionPlan plan) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int fingerprint = in.readInt();
            int set = in.readInt();
            long lastSeen = in.readLong();
            AlertLifecycle.State silent = AlertLifecycle.readState(in);
            int slots = in.readInt();
            boolean current = fingerprint == plan.fingerprint();
            SensorDetectors s = new SensorDetectors(fingerprint, set, current ? slots : 0);
            s.lastSeenMs = lastSeen;
            s.silent = silent;
            if (current) {
                List<Detector<?>> detectors = plan.detectors(set);
                for (int i = 0; i < slots; i++) {
                    s.alerts[i] = AlertLifecycle.readState(in);
                    s.states[i] = detectors.get(i % detectors.size()).readState(in);
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
