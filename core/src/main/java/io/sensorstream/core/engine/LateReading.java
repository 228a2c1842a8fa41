package io.sensorstream.core.engine;

/**
 * Why a reading was too late: the window it belonged to (the last one, for hopping windows) had passed its allowed
 * lateness when it arrived.
 *
 * @param windowName  the window definition's name
 * @param startMs     that window's start
 * @param endMs       that window's end
 * @param watermarkMs the partition's watermark when the reading arrived
 */
public record LateReading(String windowName, long startMs, long endMs, long watermarkMs) {
}
