package io.sensorstream.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The time-of-day profile: the Javadoc's worked example, the first day, and its state. */
class DailyProfileTest {

    private static final long DAY = 86_400_000L;
    private static final long MINUTE = 60_000L;
    /** Midnight UTC. */
    private static final long T0 = 1_699_920_000_000L;

    @Test
    void theWorkedExample() {
        DailyProfile p = new DailyProfile(30, 0.1);
        DailyProfile.State s = p.newState();
        for (int day = 0; day < 13; day++) {
            double value = day < 12 ? 20 : 22; // twelve days at 20 in 09:00–09:30, then one at 22
            for (int m = 0; m < 30; m += 5) p.residual(s, value, T0 + day * DAY + 9 * 60 * MINUTE + m * MINUTE);
            p.residual(s, 0, T0 + day * DAY + 12 * 60 * MINUTE); // another slot: the visit ends
        }
        assertThat(s.profile[18]).as("09:00–09:30 is slot 18: 20 + 0.1 · (22 − 20)").isCloseTo(20.2f, within(1e-5f));
        assertThat(p.residual(s, 23, T0 + 13 * DAY + 9 * 60 * MINUTE + 10 * MINUTE)).isCloseTo(2.8, within(1e-5));
    }

    @Test
    void untilASlotHasADayBehindItTheReferenceIsTheMovingMeanOfAllValues() {
        DailyProfile p = new DailyProfile(60, 0.1);
        DailyProfile.State s = p.newState();
        assertThat(p.residual(s, 20, T0)).as("the first value is its own reference").isZero();
        assertThat(p.residual(s, 21, T0 + MINUTE)).as("mean of all values so far: 20").isEqualTo(1.0);
        assertThat(p.residual(s, 20, T0 + 61 * MINUTE)).as("a new slot, not visited before: the mean, 20.5").isEqualTo(-0.5);
    }

    @Test
    void aRestoredProfileContinuesBitForBit() throws IOException {
        DailyProfile p = new DailyProfile(30, 0.1);
        DailyProfile.State live = p.newState();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 3 * 288; i++) p.residual(live, 10 + random.nextDouble(), T0 + i * 5 * MINUTE); // three days
        byte[] bytes = encode(p, live);
        DailyProfile.State restored = p.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(encode(p, restored)).isEqualTo(bytes);
        for (int i = 3 * 288; i < 5 * 288; i++) {
            double x = 10 + random.nextDouble();
            long t = T0 + i * 5 * MINUTE;
            assertThat(p.residual(restored, x, t)).as("reading %d", i).isEqualTo(p.residual(live, x, t));
        }
        DailyProfile.State other = new DailyProfile(60, 0.1).read(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(other.profile).as("another slot size since: a fresh profile").hasSize(24).containsOnly(0f);
    }

    @Test
    void slotsMustDivideADay() {
        assertThatThrownBy(() -> new DailyProfile(7, 0.1)).hasMessageContaining("daily-slot");
        assertThatThrownBy(() -> new DailyProfile(30, 0)).hasMessageContaining("daily-weight");
    }

    private static byte[] encode(DailyProfile p, DailyProfile.State s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.write(s, new DataOutputStream(out));
        return out.toByteArray();
    }
}
