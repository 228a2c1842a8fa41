package io.sensorstream.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU seconds of this process's threads so far, by OS thread name with digits written as {@code #} (Linux
 * {@code /proc/self/task}; empty elsewhere). A diagnostic of the benchmarks: on a machine whose cores the broker
 * shares, where a contender's CPU goes (stream thread, JIT, GC, producer) matters as much as its rate.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    static Map<String, Double> byName() {
        Map<String, Double> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "#");
                String[] stat = Files.readString(task.resolve("stat")).split("\\) ")[1].split(" ");
                threads.merge(comm, (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0, Double::sum); // USER_HZ
            }
        } catch (IOException | RuntimeException e) {
            // a thread ended while being read, or no /proc: a diagnostic only
        }
        return threads;
    }
}
