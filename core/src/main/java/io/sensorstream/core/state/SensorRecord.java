package io.sensorstream.core.state;

import io.sensorstream.core.detect.SensorDetectors;
import java.util.Arrays;

/**
 * Everything one partition keeps about one sensor, stored as one value: its fixed windows still open or within their
 * lateness, its session lists, the last reading the detector saw, and its detector states.
 *
 * <p>Why one value: a commit then writes one changelog record per sensor that changed (not one per window, one for
 * the last reading and one for the detectors), and a restore reads one. With 10 000 sensors, a 1 s commit and
 * 100 000 readings/s, that is 10 000 records per commit (0.1 per reading) instead of about 25 000.
 *
 * <p>A sensor has few windows at a time (a tumbling definition one or two, a 1 min / 10 s hopping one about seven), so
 * they are kept in small parallel arrays and found by a linear scan, with no hash key per window.
 */
public final class SensorRecord {

    private static final int[] NO_INTS = {};
    private static final long[] NO_LONGS = {};
    private static final WindowState[] NO_WINDOWS = {};
    private static final SessionList[] NO_SESSIONS = {};

    private String id;

    private int[] windowDefinitions = NO_INTS;
    private long[] windowStarts = NO_LONGS;
    private WindowState[] windowStates = NO_WINDOWS;
    private int windowCount;
    private int[] sessionDefinitions = NO_INTS;
    private SessionList[] sessionLists = NO_SESSIONS;
    private int sessionCount;
    private LastReading last;
    private SensorDetectors detectors;

    /** The window of definition {@code definition} starting at {@code startMs}, or null. */
    public WindowState window(int definition, long startMs) {
        for (int i = 0; i < windowCount; i++) {
            if (windowStarts[i] == startMs && windowDefinitions[i] == definition) {
                return windowStates[i];
            }
        }
        return null;
    }

    /** Sets a window's state; returns whether the window is new. */
    public boolean putWindow(int definition, long startMs, WindowState state) {
        for (int i = 0; i < windowCount; i++) {
            if (windowStarts[i] == startMs && windowDefinitions[i] == definition) {
                windowStates[i] = state;
                return false;
            }
        }
        if (windowCount == windowStates.length) {
            int capacity = Math.max(2, windowCount * 2);
            windowDefinitions = Arrays.copyOf(windowDefinitions, capacity);
            windowStarts = Arrays.copyOf(windowStarts, capacity);
            windowStates = Arrays.copyOf(windowStates, capacity);
        }
        windowDefinitions[windowCount] = definition;
        windowStarts[windowCount] = startMs;
        windowStates[windowCount] = state;
        windowCount++;
        return true;
    }

    /** Drops a window; returns whether there was one. The others keep their order. */
    public boolean removeWindow(int definition, long startMs) {
        for (int i = 0; i < windowCount; i++) {
            if (windowStarts[i] == startMs && windowDefinitions[i] == definition) {
                int tail = windowCount - i - 1;
                System.arraycopy(windowDefinitions, i + 1, windowDefinitions, i, tail);
                System.arraycopy(windowStarts, i + 1, windowStarts, i, tail);
                System.arraycopy(windowStates, i + 1, windowStates, i, tail);
                windowStates[--windowCount] = null;
                return true;
            }
        }
        return false;
    }

    public int windowCount() {
        return windowCount;
    }

    public int windowDefinition(int i) {
        return windowDefinitions[i];
    }

    public long windowStart(int i) {
        return windowStarts[i];
    }

    public WindowState windowState(int i) {
        return windowStates[i];
    }

    /** The sessions of definition {@code definition}, or null. */
    public SessionList sessions(int definition) {
        for (int i = 0; i < sessionCount; i++) {
            if (sessionDefinitions[i] == definition) {
                return sessionLists[i];
            }
        }
        return null;
    }

    /** Sets the sessions of a definition; returns whether the definition had none. */
    public boolean putSessions(int definition, SessionList list) {
        for (int i = 0; i < sessionCount; i++) {
            if (sessionDefinitions[i] == definition) {
                sessionLists[i] = list;
                return false;
            }
        }
        if (sessionCount == sessionLists.length) {
            sessionDefinitions = Arrays.copyOf(sessionDefinitions, sessionCount + 1);
            sessionLists = Arrays.copyOf(sessionLists, sessionCount + 1);
        }
        sessionDefinitions[sessionCount] = definition;
        sessionLists[sessionCount] = list;
        sessionCount++;
        return true;
    }

    /** Drops the sessions of a definition; returns whether there were any. */
    public boolean removeSessions(int definition) {
        for (int i = 0; i < sessionCount; i++) {
            if (sessionDefinitions[i] == definition) {
                int tail = sessionCount - i - 1;
                System.arraycopy(sessionDefinitions, i + 1, sessionDefinitions, i, tail);
                System.arraycopy(sessionLists, i + 1, sessionLists, i, tail);
                sessionLists[--sessionCount] = null;
                return true;
            }
        }
        return false;
    }

    public int sessionDefinitionCount() {
        return sessionCount;
    }

    public int sessionDefinition(int i) {
        return sessionDefinitions[i];
    }

    public SessionList sessionList(int i) {
        return sessionLists[i];
    }

    /** The last reading the detector saw, or null. */
    public LastReading last() {
        return last;
    }

    public void last(LastReading last) {
        this.last = last;
    }

    /** The detector states, or null. */
    public SensorDetectors detectors() {
        return detectors;
    }

    public void detectors(SensorDetectors detectors) {
        this.detectors = detectors;
    }

    /**
     * The sensor id this record was first reached by since it was made or restored (not stored, not compared): one
     * shared instance for the readings that wait in the pending buffer, instead of the parser's fresh copy per
     * reading (about 56 bytes each; 5 M waiting readings at 1 M sensors).
     */
    String id(String seen) {
        if (id == null) id = seen;
        return id;
    }

    /** Nothing left to keep: the record can be deleted. */
    public boolean isEmpty() {
        return windowCount == 0 && sessionCount == 0 && last == null && detectors == null;
    }
}
