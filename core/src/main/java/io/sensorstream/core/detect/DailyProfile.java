package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A sensor's typical value by time of day, learnt from earlier days, so that a detector can judge the residual
 * {@code r = x − p[s(t)]} instead of the value: a daily rhythm is then no surprise, a break in it is.
 *
 * <p>Slot {@code s(t) = ⌊(t mod 1 day) / slot⌋} (UTC). A <em>visit</em> is the readings of one slot on one day; when it
 * ends (the next reading is in another slot or on another day) its mean folds into the slot's profile with weight
 * {@code max(w, 1 / (visits + 1))}: {@code p[s] ← p[s] + weight · (visit mean − p[s])}, so a slot weighs its days
 * alike until it has seen {@code 1/w} of them, then follows recent days. A slot without a finished visit yet has as
 * reference an exponentially weighted mean of all values (weight {@code 1/50}), so the first day is judged too.
 * Example: 30-minute slots, w = 0.1; p[18] (09:00–09:30) is 20.0 after 12 days and today's visit averages 22, so
 * p[18] becomes 20.2; a reading of 23 at 09:10 the next day has the residual 2.8.
 *
 * <p>One instance describes the settings; the per-sensor {@link State} holds the profile (floats: 4 bytes a slot).
 */
final class DailyProfile {

    private static final long DAY_MS = 86_400_000L;
    /** Weight of the newest value in the all-values mean used before a slot has a profile. */
    private static final double OVERALL_WEIGHT = 1.0 / 50;
    /** Visits a slot counts up to: past 1/w of them the weight stays w (a byte is enough). */
    private static final int MAX_VISITS = 127;

    private final long slotMs;
    private final int slots;
    private final double weight;

    /** @param slotMinutes minutes of one time-of-day slot (dividing a day); @param weight a day's weight, in (0, 1] */
    DailyProfile(int slotMinutes, double weight) {
        if (slotMinutes < 1 || DAY_MS % (slotMinutes * 60_000L) != 0) {
            throw new IllegalArgumentException("daily-slot must be a whole number of minutes dividing a day, got " + slotMinutes);
        }
        if (!(weight > 0 && weight <= 1)) throw new IllegalArgumentException("daily-weight must be in (0, 1], got " + weight);
        this.slotMs = slotMinutes * 60_000L;
        this.slots = (int) (DAY_MS / slotMs);
        this.weight = weight;
    }

    /** One sensor's profile and the visit in progress. */
    static final class State {
        final float[] profile;
        final byte[] visits;
        int slot = -1;
        long day;
        double visitSum;
        int visitCount;
        double overall;
        long overallN;

        State(int slots) {
            profile = new float[slots];
            visits = new byte[slots];
        }
    }

    State newState() {
        return new State(slots);
    }

    /** The residual of {@code x} at {@code t} against the profile of earlier days; learns from it. */
    double residual(State s, double x, long t) {
        long day = Math.floorDiv(t, DAY_MS);
        int slot = (int) (Math.floorMod(t, DAY_MS) / slotMs);
        if (slot != s.slot || day != s.day) {
            endVisit(s);
            s.slot = slot;
            s.day = day;
        }
        double reference = s.visits[slot] > 0 ? s.profile[slot] : s.overall;
        if (s.overallN++ == 0) {
            s.overall = x;
            reference = x;
        } else {
            s.overall += Math.max(OVERALL_WEIGHT, 1.0 / s.overallN) * (x - s.overall);
        }
        s.visitSum += x;
        s.visitCount++;
        return x - reference;
    }

    private void endVisit(State s) {
        if (s.slot < 0 || s.visitCount == 0) return;
        double mean = s.visitSum / s.visitCount;
        int seen = s.visits[s.slot];
        s.profile[s.slot] = seen == 0 ? (float) mean
                : (float) (s.profile[s.slot] + Math.max(weight, 1.0 / (seen + 1)) * (mean - s.profile[s.slot]));
        s.visits[s.slot] = (byte) Math.min(MAX_VISITS, seen + 1);
        s.visitSum = 0;
        s.visitCount = 0;
    }

    void write(State s, DataOutput out) throws IOException {
        out.writeShort(s.profile.length);
        out.write(s.visits);
        for (int i = 0; i < s.profile.length; i++) {
            if (s.visits[i] > 0) out.writeFloat(s.profile[i]);
        }
        out.writeShort(s.slot);
        out.writeLong(s.day);
        out.writeDouble(s.visitSum);
        out.writeInt(s.visitCount);
        out.writeDouble(s.overall);
        out.writeLong(s.overallN);
    }

    /** Reads what {@link #write} wrote; a profile of another slot count (settings changed since) starts afresh. */
    State read(DataInput in) throws IOException {
        int stored = in.readUnsignedShort();
        State s = new State(stored);
        in.readFully(s.visits);
        for (int i = 0; i < stored; i++) {
            if (s.visits[i] > 0) s.profile[i] = in.readFloat();
        }
        s.slot = in.readShort();
        s.day = in.readLong();
        s.visitSum = in.readDouble();
        s.visitCount = in.readInt();
        s.overall = in.readDouble();
        s.overallN = in.readLong();
        return stored == slots ? s : newState();
    }
}
