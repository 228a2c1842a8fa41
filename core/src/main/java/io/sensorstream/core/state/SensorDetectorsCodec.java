package io.sensorstream.core.state;

import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.SensorDetectors;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@link SensorDetectors} v1: the configuration fingerprint, the detector set, last-seen time, silent alert, then each
 * slot's alert state and detector state as the detectors write them. Decoding needs the plan whose detectors wrote
 * the slots; state written under another configuration keeps only its last-seen time and silent alert.
 */
public final class SensorDetectorsCodec extends VersionedCodec<SensorDetectors> {

    private final DetectionPlan plan;

    public SensorDetectorsCodec(DetectionPlan plan) {
        super("sensor-detectors", 1);
        this.plan = plan;
    }

    @Override
    protected void write(SensorDetectors v, BinaryWriter out) {
        v.encode(plan, out.asDataOutput());
    }

    @Override
    protected SensorDetectors read(int version, ByteBuffer in) {
        try {
            return SensorDetectors.decode(in.array(), in.arrayOffset() + in.position(), plan);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
