package io.sensorstream.core.simulate;

import io.sensorstream.core.reading.Reading;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A deterministic generator of sensor readings in the seed's message format, generalised with disorder, late
 * readings and malformed records for testing.
 *
 * <p>Time advances in ticks: tick {@code i} has the nominal event time {@code start + floor(i * 1000 / rate)} ms and
 * holds one record per sensor, in sensor order. A value is {@code 20 + U(-2, 2)}, plus or minus 15 with
 * probability 0.02, rounded to two decimals (the seed's simulator). The generator does not sleep: pacing to the wall
 * clock is the caller's choice. Not thread-safe.
 */
public final class SensorSimulator {

    private static final String[] MALFORMED_SAMPLES = {
        "this is not json",
        "{\"sensor_id\":\"%s\",\"temperature\":21.5,\"timestamp\":",
        "{\"sensor_id\":\"%s\",\"timestamp\":%d}",
        "{\"sensor_id\":\"%s\",\"temperature\":\"hot\",\"timestamp\":%d}",
        "{\"sensor_id\":\"%s\",\"temperature\":NaN,\"timestamp\":%d}",
        "{\"sensor_id\":\"%s\",\"temperature\":21.5,\"timestamp\":-5}",
        "[1,2,3]",
        "",
        "{\"temperature\":21.5,\"timestamp\":%d}",
        "{\"sensor_id\":\"%s\",\"temperature\":1e308,\"timestamp\":%d}",
    };

    private final SimulatorSettings settings;
    private final SplittableRandom random;
    private final String[] sensorIds;
    private long tick;
    private int sensorIndex;

    public SensorSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.sensorIds = new String[settings.sensors()];
        for (int i = 0; i < sensorIds.length; i++) {
            sensorIds[i] = "sensor_" + (i + 1);
        }
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /** Nominal event time of the tick the next record belongs to. */
    public long nextNominalTimeMs() {
        return settings.startTimeMs() + (long) Math.floor(tick * 1000.0 / settings.ratePerSensor());
    }

    /** The next record. */
    public SimulatedRecord next() {
        String sensorId = sensorIds[sensorIndex];
        long nominal = nextNominalTimeMs();
        if (++sensorIndex == sensorIds.length) {
            sensorIndex = 0;
            tick++;
        }
        double fluctuation = random.nextDouble(-2.0, 2.0);
        if (random.nextDouble() < 0.02) {
            fluctuation += random.nextBoolean() ? 15 : -15;
        }
        double temperature = Math.round((20.0 + fluctuation) * 100.0) / 100.0;
        if (settings.malformedFraction() > 0 && random.nextDouble() < settings.malformedFraction()) {
            String template = MALFORMED_SAMPLES[random.nextInt(MALFORMED_SAMPLES.length)];
            String text = template.contains("%s")
                    ? String.format(template, sensorId, nominal)
                    : String.format(template, nominal);
            return new SimulatedRecord(sensorId, text.getBytes(StandardCharsets.UTF_8), SimulatedRecord.Kind.MALFORMED, null);
        }
        SimulatedRecord.Kind kind = SimulatedRecord.Kind.ON_TIME;
        long timestamp = nominal;
        if (settings.lateFraction() > 0 && random.nextDouble() < settings.lateFraction()) {
            kind = SimulatedRecord.Kind.LATE;
            timestamp = Math.max(0, nominal - settings.lateByMs());
        } else if (settings.disorderMs() > 0) {
            timestamp = Math.max(0, nominal - random.nextLong(settings.disorderMs() + 1));
        }
        Reading reading = Reading.of(sensorId, timestamp, temperature);
        return new SimulatedRecord(sensorId, encode(reading), kind, reading);
    }

    /** The seed's JSON message for a reading. */
    public static byte[] encode(Reading r) {
        String json = "{\"sensor_id\":\"" + r.sensorId() + "\",\"temperature\":" + r.value()
                + ",\"timestamp\":" + r.eventTimeMs() + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
