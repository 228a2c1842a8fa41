package io.sensorstream.bench;

import io.sensorstream.app.config.PipelineAssembly;
import io.sensorstream.app.config.ConfigLoader;
import java.util.Map;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.reading.Reading;
import java.util.SplittableRandom;

/**
 * Heap held by the analytics state with N active sensors (default 1 000 000), each sending one reading per second,
 * with the default configuration (60 s tumbling windows with p50/p95/p99, jump detector, the default detector suite,
 * 5 s watermark delay; {@code seed} as third argument: without the suite): the steady state holds one open window per
 * sensor (up to 60 values for exact quantiles), its detector states and about 5 s of pending readings. Prints
 * {@code sensors=N readings=R heap_mb=H bytes_per_sensor=B}. Each reading carries its own sensor-id string, as the
 * parser makes one per record ({@code -Dshared-ids=true}: one instance per sensor, as before), so readings waiting in
 * the pending buffer cost what they cost in the pipeline. Values have two decimals, as the seed's simulator sends
 * them ({@code -Dvalues=full}: full-precision doubles, which exact quantiles cannot hold as scaled integers).
 *
 * <p>Usage: {@code java -Xmx6g -cp bench/target/benchmarks.jar io.sensorstream.bench.StateFootprint [sensors] [seconds] [default|seed]};
 * {@code -Dhold=60000} keeps the state alive that long afterwards, for {@code jcmd <pid> GC.class_histogram}.
 */
public final class StateFootprint {

    public static void main(String[] args) throws Exception {
        int sensors = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        boolean sharedIds = Boolean.getBoolean("shared-ids");
        boolean fullValues = "full".equals(System.getProperty("values"));
        String[] ids = new String[sensors];
        for (int i = 0; i < sensors; i++) ids[i] = "sensor-" + i;
        long before = usedAfterGc();
        AnalyticsState state = AnalyticsState.inMemory();
        long[] windows = {0};
        AnalyticsSpec spec = args.length > 2 && args[2].equals("seed") ? AnalyticsSpec.seedDefaults()
                : new PipelineAssembly(new ConfigLoader(Map.of()).read(null, Map.of())).pipelineSettings().analytics();
        PartitionAnalytics engine = new PartitionAnalytics(spec, state, new AnalyticsOutput() {
            @Override
            public void window(WindowResult r) {
                windows[0]++;
            }
        });
        SplittableRandom random = new SplittableRandom(1);
        long t0 = 1_700_000_040_000L; // window-aligned: the last second leaves every window about 50 readings full
        long seq = 0;
        long started = System.nanoTime();
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < sensors; i++) {
                // a fresh id per reading, as the parser makes one (-Dshared-ids=true: one instance per sensor)
                String id = sharedIds ? ids[i] : new String(ids[i].toCharArray());
                double value = 20 + random.nextDouble(-2, 2);
                if (!fullValues) value = Math.round(value * 100) / 100.0; // two decimals, as the seed's simulator
                engine.onReading(Reading.of(id, t0 + s * 1_000L + random.nextInt(1_000), value));
            }
        }
        double secs = (System.nanoTime() - started) / 1e9;
        long after = usedAfterGc();
        long held = after - before;
        System.out.printf("sensors=%d readings=%d open_windows=%d pending=%d detector_states=%d heap_mb=%d bytes_per_sensor=%d rate=%.0f/s%n",
                sensors, seq, state.windows().size(), engine.pendingCount(), state.detectors().size(), held >> 20, held / sensors,
                seq / secs);
        if (System.getProperty("hold") != null) { // -Dhold: keep the state alive for jcmd <pid> GC.class_histogram
            System.out.println("holding; pid " + ProcessHandle.current().pid());
            Thread.sleep(Long.parseLong(System.getProperty("hold", "60000")));
            System.out.println(state.sensors().size() + engine.pendingCount());
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
