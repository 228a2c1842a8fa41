package io.sensorstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.cli.SensorstreamCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code evaluate} works from a fresh clone: without {@code --data} it scores the detectors on the synthetic sample. */
class EvaluateSyntheticTest {

    @Test
    void evaluateWithoutDataScoresTheSyntheticSample() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "evaluate");
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("6 series, 7 labelled windows").containsPattern("(?m)^best=\\S+ f1=0\\.\\d{3} jump_f1=0\\.\\d{3} nab_standard=-?\\d+\\.\\d nab_best=\\S+?:-?\\d+\\.\\d$")
                .contains("NAB alerts: std/lowFP/lowFN");
        StringWriter err = new StringWriter();
        assertThat(SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "evaluate", "--data", "/nonexistent"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --data /nonexistent is not a folder");
    }
}
