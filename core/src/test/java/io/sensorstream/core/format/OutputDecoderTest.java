package io.sensorstream.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.reading.MetricSpec;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.TimestampFormat;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.window.WindowDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link OutputJson} writes, {@link OutputDecoder} reads back into equal values. */
class OutputDecoderTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void windowResultsRoundTripWithEveryStatisticTwoMetricsAndTags() {
        ReadingFormat format = new ReadingFormat("sensor_id", "timestamp", TimestampFormat.fromCode("epoch-ms"),
                List.of(MetricSpec.of("temperature", -50, 150), new MetricSpec("humidity", "hum", 0, 100, false)),
                List.of("site"), 0);
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withFormat(format)
                .withWindows(List.of(WindowDefinition.tumbling(Duration.ofMinutes(1)), WindowDefinition.session(Duration.ofSeconds(30))));
        List<WindowResult> published = new ArrayList<>();
        PartitionAnalytics engine = new PartitionAnalytics(spec, AnalyticsState.inMemory(), new AnalyticsOutput() {
            @Override
            public void window(WindowResult r) {
                published.add(r);
            }
        });
        for (int i = 0; i < 300; i++) {
            double hum = i % 7 == 0 ? Double.NaN : 40 + i % 11;
            engine.onReading(new Reading("s-" + i % 3, T0 + i * 1_000L, new double[] {20 + Math.sin(i), hum}, Map.of("site", "b" + i % 2)));
        }
        engine.advanceTo(T0 + 3_600_000);
        assertThat(published).hasSizeGreaterThan(10);
        OutputJson out = new OutputJson(format.metricNames(), spec.percentiles());
        OutputDecoder in = new OutputDecoder(format.metricNames(), spec.percentiles());
        for (WindowResult r : published) {
            OutputRecord.Window w = (OutputRecord.Window) in.decode(out.windowResult(r, 123L));
            assertThat(w.sensorId()).isEqualTo(r.sensorId());
            assertThat(w.windowName()).isEqualTo(r.definition().name());
            assertThat(w.windowKind()).isEqualTo(r.definition().kind());
            assertThat(w.startMs()).isEqualTo(r.startMs());
            assertThat(w.endMs()).isEqualTo(r.endMs());
            assertThat(w.emit()).isEqualTo(EmitKind.FINAL);
            assertThat(w.revision()).isEqualTo(r.revision());
            assertThat(w.processingTimeMs()).isEqualTo(123L);
            assertThat(w.summary()).isEqualTo(r.summary());
        }
    }

    @Test
    void alertsRoundTrip() {
        OutputJson out = new OutputJson(List.of("temperature"), List.of());
        OutputDecoder in = new OutputDecoder(List.of("temperature"), List.of());
        JumpAlert jump = new JumpAlert("s1", "temperature", 35.3, 20.1, 15.2, 5.0, T0, T0 - 1_000);
        assertThat(in.decode(out.jumpAlert(jump, 77))).isEqualTo(new OutputRecord.Jump(jump, 77));
        AlertEvent silent = new AlertEvent("s1/*/silent/5", AlertState.FIRING, "s1", "*", "silent", Severity.CRITICAL,
                Double.NaN, 300, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, T0, T0);
        AlertEvent range = new AlertEvent("s1/temperature/range/5", AlertState.RESOLVED, "s1", "temperature", "range",
                Severity.WARNING, 21.5, 3.25, 20, -40, 125, T0 + 9, T0);
        assertThat(in.decode(out.alertEvent(silent, 5))).isEqualTo(new OutputRecord.Event(silent, 5));
        assertThat(in.decode(out.alertEvent(range, 6))).isEqualTo(new OutputRecord.Event(range, 6));
    }

    @Test
    void detectorScoresRoundTrip() {
        OutputJson out = new OutputJson(List.of("temperature"), List.of());
        OutputDecoder in = new OutputDecoder(List.of("temperature"), List.of());
        DetectorScore graded = new DetectorScore("s1", "temperature", "cad", T0, 21.5, 0.8125, 0.8125, true, false);
        DetectorScore ownUnit = new DetectorScore("s1", "temperature", "ewma", T0, 21.5, 3.2, Double.NaN, true, false);
        DetectorScore warming = new DetectorScore("s1", "*", "rcf", T0, Double.NaN, Double.NaN, 0, false, true);
        for (DetectorScore s : List.of(graded, ownUnit, warming)) {
            assertThat(in.decode(out.score(s))).isEqualTo(new OutputRecord.Score(s));
        }
        assertThat(new String(out.score(ownUnit), StandardCharsets.UTF_8)).contains("\"grade\":null", "\"schema\":\"sensorstream.score.v1\"");
        assertThatThrownBy(() -> in.decode(bytes("{\"schema\":\"sensorstream.score.v1\",\"sensor_id\":\"a\",\"metric\":\"t\","
                + "\"detector\":\"cad\",\"timestamp\":1,\"anomalous\":\"yes\",\"warming_up\":false}")))
                .hasMessageContaining("field 'anomalous' is missing or not true/false");
    }

    @Test
    void unknownSchemasAndBrokenRecordsAreClearErrors() {
        OutputDecoder in = new OutputDecoder(List.of("temperature"), List.of());
        assertThatThrownBy(() -> in.decode(bytes("{\"schema\":\"sensorstream.window.v9\",\"sensor_id\":\"a\"}")))
                .isInstanceOf(OutputFormatException.class).hasMessageContaining("unknown schema 'sensorstream.window.v9'");
        assertThatThrownBy(() -> in.decode(bytes("{\"sensor_id\":\"a\",\"temperature\":1}")))
                .hasMessageContaining("no 'schema' field");
        assertThatThrownBy(() -> in.decode(bytes("{\"schema\":\"sensorstream.alert.v1\",\"state\":\"MAYBE\"}")))
                .isInstanceOf(OutputFormatException.class);
        assertThatThrownBy(() -> in.decode(bytes("[1,2]"))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> in.decode(bytes("{\"schema\":"))).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> in.decode(null)).hasMessageContaining("no value");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
