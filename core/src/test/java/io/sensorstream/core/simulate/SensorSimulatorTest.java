package io.sensorstream.core.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorSimulatorTest {

    private final ReadingParser parser = new ReadingParser(ReadingFormat.seedDefault());

    @Test
    void sameSeedGivesSameRecords() {
        SimulatorSettings settings = new SimulatorSettings(5, 10, 99, 1_000_000, 3_000, 0.01, 180_000, 0.05);
        SensorSimulator a = new SensorSimulator(settings);
        SensorSimulator b = new SensorSimulator(settings);
        for (int i = 0; i < 1_000; i++) {
            SimulatedRecord ra = a.next();
            SimulatedRecord rb = b.next();
            assertThat(ra.value()).isEqualTo(rb.value());
            assertThat(ra.kind()).isEqualTo(rb.kind());
        }
    }

    @Test
    void seedDefaultsLookLikeTheSeedSimulator() {
        SensorSimulator sim = new SensorSimulator(SimulatorSettings.seedDefaults(1_700_000_000_000L));
        List<SimulatedRecord> records = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) records.add(sim.next());
        assertThat(records.get(0).key()).isEqualTo("sensor_1");
        assertThat(records.get(2).key()).isEqualTo("sensor_3");
        assertThat(records.get(3).reading().eventTimeMs()).isEqualTo(1_700_000_001_000L);
        long spikes = records.stream().filter(r -> Math.abs(r.reading().value() - 20) > 2.0001).count();
        assertThat(spikes).isBetween(450L, 750L); // 2 % of 30 000 = 600
        for (SimulatedRecord r : records) {
            assertThat(r.kind()).isEqualTo(SimulatedRecord.Kind.ON_TIME);
            assertThat(parser.parse(r.value())).isEqualTo(new ParseResult.Valid(r.reading()));
            double v = r.reading().value();
            assertThat(v).isBetween(3.0, 37.0);
            assertThat(Math.round(v * 100) / 100.0).isEqualTo(v);
        }
    }

    @Test
    void disorderStaysWithinItsBound() {
        SensorSimulator sim = new SensorSimulator(new SimulatorSettings(4, 5, 1, 0, 2_000, 0, 0, 0));
        long max = 0;
        boolean sawDisorder = false;
        for (int i = 0; i < 10_000; i++) {
            long ts = sim.next().reading().eventTimeMs();
            if (ts < max) sawDisorder = true;
            assertThat(ts).isGreaterThanOrEqualTo(max - 2_000);
            max = Math.max(max, ts);
        }
        assertThat(sawDisorder).isTrue();
    }

    @Test
    void malformedAndLateRecordsAreLabelledAndRejectedByTheParser() {
        SensorSimulator sim = new SensorSimulator(new SimulatorSettings(3, 1, 5, 1_700_000_000_000L, 0, 0.05, 180_000, 0.1));
        Map<SimulatedRecord.Kind, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            SimulatedRecord r = sim.next();
            counts.merge(r.kind(), 1, Integer::sum);
            ParseResult parsed = parser.parse(r.value());
            if (r.kind() == SimulatedRecord.Kind.MALFORMED) {
                assertThat(parsed).as(new String(r.value())).isInstanceOf(ParseResult.Rejected.class);
            } else {
                assertThat(parsed).isEqualTo(new ParseResult.Valid(r.reading()));
            }
        }
        assertThat(counts.get(SimulatedRecord.Kind.MALFORMED)).isBetween(850, 1150);
        assertThat(counts.get(SimulatedRecord.Kind.LATE)).isBetween(350, 560);
    }
}
