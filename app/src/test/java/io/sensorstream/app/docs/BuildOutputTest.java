package io.sensorstream.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The build's own output is clean text: Maven 3.8's jansi writes ANSI reset codes ({@code ESC[0m}) even in batch mode
 * unless {@code -Djansi.noreset=true} ({@code .mvn/jvm.config}); a user saw them as {@code [0m[0m} in every build.
 */
class BuildOutputTest {

    @Test
    void mavenInThisProjectPrintsNoEscapeCodes() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-o", "-N", "validate").directory(root.toFile())
                .redirectErrorStream(true).start();
        String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mvn.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(mvn.exitValue()).as("mvn validate: %s", out).isZero();
        assertThat(out).as("output of mvn -B -q validate").doesNotContain("\u001b");
    }
}
