package io.sensorstream.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import io.sensorstream.core.window.WindowDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link OutputJson} reuses one generator and buffer per thread: each record must still come out whole and alone. */
class OutputJsonTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final List<String> METRICS = List.of("temperature", "humidity");

    private static JumpAlert jump(int i) {
        return new JumpAlert("s-" + i, i % 2 == 0 ? "temperature" : "humidity", 30 + i, 20.5, 9.5 + i, 5.0, T0 + i, T0 + i - 1_000);
    }

    private static WindowResult window(int i, int metrics) {
        MetricSummary m = new MetricSummary(3, 61.5, 20.5, 19.5, 21.5 + i, 1.0, 19.5, 21.5, 0.002, List.of(20.5));
        return new WindowResult("s-" + i, WindowDefinition.tumbling(Duration.ofMinutes(1)), T0, T0 + 60_000, EmitKind.FINAL, 0,
                new WindowSummary(3, metrics == 2 ? List.of(m, m) : List.of(m), Map.of("site", "b" + i)));
    }

    private static AlertEvent event(int i) {
        return new AlertEvent("s-" + i + "/temperature/ewma/" + T0, AlertState.FIRING, "s-" + i, "temperature", "ewma",
                Severity.WARNING, 31.5, 6.5 + i, 24.5, Double.NEGATIVE_INFINITY, 30.5, T0 + i, T0 + i);
    }

    /** Records encoded one after the other by one instance: each the same bytes as a fresh instance makes of it alone. */
    @Test
    void recordsInARowAreEachWholeAndAlone() {
        OutputJson reused = new OutputJson(METRICS, List.of(0.5));
        for (int i = 0; i < 50; i++) {
            assertThat(text(reused.jumpAlert(jump(i), T0))).isEqualTo(text(new OutputJson(METRICS, List.of(0.5)).jumpAlert(jump(i), T0)));
            assertThat(text(reused.windowResult(window(i, 2), T0))).isEqualTo(text(new OutputJson(METRICS, List.of(0.5)).windowResult(window(i, 2), T0)));
            assertThat(text(reused.alertEvent(event(i), T0))).isEqualTo(text(new OutputJson(METRICS, List.of(0.5)).alertEvent(event(i), T0)));
        }
        assertThat(text(reused.jumpAlert(jump(2), T0))).startsWith("{\"sensor_id\":\"s-2\",\"current_temperature\":32.0,"
                + "\"previous_temperature\":20.5,\"delta\":11.5,").endsWith("}");
    }

    /** A record that fails half-written (here: a summary with fewer metrics than configured) leaves nothing behind. */
    @Test
    void aRecordThatFailsHalfWayLeavesTheNextClean() {
        OutputJson out = new OutputJson(METRICS, List.of(0.5));
        String expected = text(out.jumpAlert(jump(1), T0));
        assertThatThrownBy(() -> out.windowResult(window(1, 1), T0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(text(out.jumpAlert(jump(1), T0))).isEqualTo(expected);
    }

    /** A jump alert about a metric that is not configured (say, from a restored state) still names it. */
    @Test
    void aJumpAlertOfAnUnconfiguredMetricNamesIt() {
        JumpAlert pressure = new JumpAlert("s-1", "pressure", 1013.5, 990.25, 23.25, 5.0, T0, T0 - 1_000);
        assertThat(text(new OutputJson(METRICS, List.of()).jumpAlert(pressure, T0)))
                .contains("\"current_pressure\":1013.5,\"previous_pressure\":990.25");
    }

    /**
     * The bytes themselves, written by the build before the generator was reused and the field names pre-encoded: the
     * seed's consumers and every sink read these records, so the encoding must not drift (escapes, non-ASCII text,
     * doubles in exponent form, nulls for what does not apply).
     */
    @Test
    void recordsAreByteForByteWhatEarlierBuildsWrote() {
        OutputJson out = new OutputJson(METRICS, List.of(0.5, 0.999));
        MetricSummary m1 = new MetricSummary(3, 61.5, 20.5, 19.5, 21.5, 1.0, 19.5, 21.5, 0.0025, List.of(20.5, 21.4));
        MetricSummary m2 = new MetricSummary(1, 40, 40, 40, 40, 0, 40, 40, Double.NaN, List.of(40.0, 40.0));
        assertThat(text(out.windowResult(new WindowResult("s-\"1\"", WindowDefinition.tumbling(Duration.ofMinutes(1)), T0,
                T0 + 60_000, EmitKind.UPDATE, 2, new WindowSummary(3, List.of(m1, m2), Map.of("site", "b\u00e9"))), T0 + 61_000)))
                .isEqualTo("{\"sensor_id\":\"s-\\\"1\\\"\",\"window_start_utc\":1700000000000,\"window_end_utc\":1700000060000,\"av"
                + "g_temperature\":20.5,\"max_temperature\":21.5,\"min_temperature\":19.5,\"avg_humidity\":40.0,\"max"
                + "_humidity\":40.0,\"min_humidity\":40.0,\"count_readings\":3,\"processing_time_utc\":1700000061000"
                + ",\"schema\":\"sensorstream.window.v2\",\"window_name\":\"tumbling-1m\",\"window_kind\":\"tumbling\",\"e"
                + "mit\":\"update\",\"revision\":2,\"count_temperature\":3,\"sum_temperature\":61.5,\"stddev_temperatur"
                + "e\":1.0,\"first_temperature\":19.5,\"last_temperature\":21.5,\"rate_temperature\":0.0025,\"p50_tem"
                + "perature\":20.5,\"p99_9_temperature\":21.4,\"count_humidity\":1,\"sum_humidity\":40.0,\"stddev_hum"
                + "idity\":0.0,\"first_humidity\":40.0,\"last_humidity\":40.0,\"rate_humidity\":null,\"p50_humidity\":"
                + "40.0,\"p99_9_humidity\":40.0,\"tags\":{\"site\":\"b\u00e9\"}}");
        assertThat(text(out.jumpAlert(new JumpAlert("s-1", "humidity", 1.0E-7, 123456789.125, 123456789.1249999, 5.0, T0,
                T0 - 1_000), T0 + 5)))
                .isEqualTo("{\"sensor_id\":\"s-1\",\"current_humidity\":1.0E-7,\"previous_humidity\":1.23456789125E8,\"delta\":1"
                + ".234567891249999E8,\"threshold\":5.0,\"timestamp\":1700000000000,\"alert_time\":1700000000005,\"s"
                + "chema\":\"sensorstream.jump-alert.v1\",\"detector\":\"jump\",\"metric\":\"humidity\",\"previous_timest"
                + "amp\":1699999999000}");
        assertThat(text(out.alertEvent(new AlertEvent("s-1/*/silent/5", AlertState.FIRING, "s-1", "*", "silent",
                Severity.CRITICAL, Double.NaN, 300, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, T0, T0), T0 + 9)))
                .isEqualTo("{\"schema\":\"sensorstream.alert.v1\",\"alert_id\":\"s-1/*/silent/5\",\"state\":\"FIRING\",\"sensor_id\""
                + ":\"s-1\",\"metric\":\"*\",\"detector\":\"silent\",\"severity\":\"critical\",\"value\":null,\"score\":300.0,\""
                + "expected\":null,\"lower\":null,\"upper\":null,\"timestamp\":1700000000000,\"firing_since\":17000000"
                + "00000,\"alert_time\":1700000000009}");
        assertThat(text(out.score(new DetectorScore("s-1", "temperature", "cad", T0, 21.5, 0.8125, Double.NaN, true, false))))
                .isEqualTo("{\"schema\":\"sensorstream.score.v1\",\"sensor_id\":\"s-1\",\"metric\":\"temperature\",\"detector\":\"cad"
                + "\",\"timestamp\":1700000000000,\"value\":21.5,\"score\":0.8125,\"grade\":null,\"anomalous\":true,\"war"
                + "ming_up\":false}");
    }

    /**
     * Tags come out in key order whatever order the reading had them in: an immutable map's own order changes with
     * every JVM start, so two instances (or a restart) would encode the same window differently.
     */
    @Test
    void tagsAreWrittenInKeyOrder() {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        for (String k : List.of("zone", "site", "rack", "model", "line", "hall", "floor", "bay")) tags.put(k, k.toUpperCase());
        MetricSummary m = new MetricSummary(1, 20, 20, 20, 20, 0, 20, 20, Double.NaN, List.of());
        WindowSummary summary = new WindowSummary(1, List.of(m, m), tags);
        assertThat(List.copyOf(summary.tags().keySet())).containsExactly("bay", "floor", "hall", "line", "model", "rack", "site", "zone");
        String json = text(new OutputJson(METRICS, List.of()).windowResult(new WindowResult("s", WindowDefinition.tumbling(
                Duration.ofMinutes(1)), T0, T0 + 60_000, EmitKind.FINAL, 0, summary), T0));
        assertThat(json).endsWith("\"tags\":{\"bay\":\"BAY\",\"floor\":\"FLOOR\",\"hall\":\"HALL\",\"line\":\"LINE\","
                + "\"model\":\"MODEL\",\"rack\":\"RACK\",\"site\":\"SITE\",\"zone\":\"ZONE\"}}");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
