package io.sensorstream.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.stats.StatsSnapshot;
import io.sensorstream.core.window.Window;
import io.sensorstream.core.window.WindowResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputJsonTest {

    private final OutputJson out = new OutputJson("temperature");

    @Test
    void windowResultCarriesTheSeedFieldsFirst() {
        WindowResult r = new WindowResult("sensor_1", new Window(60_000, 120_000),
                new StatsSnapshot(3, 69, 23, 20, 27, 3.5));
        String json = new String(out.windowResult(r, 130_000), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"sensor_id\":\"sensor_1\",\"window_start_utc\":60000,\"window_end_utc\":120000,"
                + "\"avg_temperature\":23.0,\"max_temperature\":27.0,\"min_temperature\":20.0,\"count_readings\":3,"
                + "\"processing_time_utc\":130000,");
        assertThat(json).contains("\"stddev_temperature\":3.5", "\"schema\":\"sensorstream.window.v1\"");
    }

    @Test
    void jumpAlertCarriesTheSeedFieldsFirst() {
        JumpAlert a = new JumpAlert("sensor_2", 35.5, 20.0, 15.5, 5.0, 2_000, 1_000);
        String json = new String(out.jumpAlert(a, 2_500), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"sensor_id\":\"sensor_2\",\"current_temperature\":35.5,"
                + "\"previous_temperature\":20.0,\"delta\":15.5,\"threshold\":5.0,\"timestamp\":2000,\"alert_time\":2500,");
        assertThat(json).contains("\"detector\":\"jump\"", "\"previous_timestamp\":1000");
    }

    @Test
    void escapesSensorIds() {
        WindowResult r = new WindowResult("a\"b\\c", new Window(0, 1), new StatsSnapshot(1, 1, 1, 1, 1, 0));
        assertThat(new String(out.windowResult(r, 0), StandardCharsets.UTF_8)).contains("\"sensor_id\":\"a\\\"b\\\\c\"");
    }
}
