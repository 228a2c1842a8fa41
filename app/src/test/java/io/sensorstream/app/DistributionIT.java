package io.sensorstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive the build makes ({@code app/target/sensorstream-<version>-dist.tar.gz}) works without Maven or a
 * checkout: unpacked, {@code bin/sensorstream} runs the CLI from {@code lib/}, and the example configuration and the
 * systemd unit are there.
 */
class DistributionIT {

    @TempDir
    Path dir;

    @Test
    void theUnpackedArchiveRunsTheCli() throws Exception {
        Path archive;
        try (Stream<Path> target = Files.list(Path.of("target"))) {
            archive = target.filter(p -> p.getFileName().toString().matches("sensorstream-.*-dist\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no release archive in app/target (mvn package makes it)"));
        }
        assertThat(run(dir, "tar", "-xzf", archive.toAbsolutePath().toString())).isEmpty();
        Path home;
        try (Stream<Path> unpacked = Files.list(dir)) {
            home = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("sensorstream-");
        assertThat(home.resolve("bin/sensorstream")).isExecutable();
        assertThat(home.resolve("lib/sensorstream.jar")).isRegularFile();
        assertThat(home.resolve("config/sensorstream.yaml")).content().contains("application-id: sensorstream");
        assertThat(home.resolve("systemd/sensorstream.service")).content()
                .contains("ExecStart=/opt/sensorstream/bin/sensorstream run --config /etc/sensorstream/sensorstream.yaml");
        assertThat(home.resolve("LICENSE")).content().contains("Apache License");

        String bin = home.resolve("bin/sensorstream").toString();
        assertThat(run(home, bin, "--version")).startsWith("sensorstream ");
        assertThat(run(home, bin, "config", "--config", home.resolve("config/sensorstream.yaml").toString()))
                .contains("bootstrap-servers: \"localhost:9092\"");
    }

    private static String run(Path cwd, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
