package io.sensorstream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorstreamCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SensorstreamCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "run", "simulate", "broker");
    }

    @Test
    void brokerOnATakenPortFailsWithOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            int port = taken.getLocalPort();
            assertThat(run("broker", "--port", Integer.toString(port), "--data-dir", dir.toString())).isEqualTo(2);
            assertThat(err.toString().strip())
                    .isEqualTo("error: Kafka port " + port + " is already in use: stop what uses it or choose another port (--kafka-port/--port)");
        }
    }

    @Test
    void demoOnATakenHttpPortFailsBeforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("localhost"));
             ServerSocket kafka = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            int kafkaPort = kafka.getLocalPort();
            kafka.close();
            assertThat(run("demo", "--http-port", Integer.toString(taken.getLocalPort()), "--kafka-port",
                    Integer.toString(kafkaPort), "--data-dir", dir.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("HTTP port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void replayWritesEveryDetectorsScoreOfEveryReadingWhenAsked() throws Exception {
        Path csv = dir.resolve("machine.csv");
        StringBuilder lines = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 200; i++) lines.append(1_700_000_000_000L + i * 60_000L).append(',').append(20 + i % 7).append('\n');
        java.nio.file.Files.writeString(csv, lines);
        Path scores = dir.resolve("scores.jsonl");
        assertThat(run("replay", csv.toString(), "--out", dir.resolve("windows.jsonl").toString(), "--scores", scores.toString()))
                .isZero();
        java.util.List<String> written = java.nio.file.Files.readAllLines(scores);
        assertThat(written).isNotEmpty().allMatch(l -> l.contains("\"schema\":\"sensorstream.score.v1\""));
        assertThat(written).as("each default detector (ewma, flatline) scores each of the 200 readings").hasSize(2 * 200);
        assertThat(run("replay", csv.toString(), "--out", dir.resolve("again.jsonl").toString())).isZero();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("again.jsonl")))
                .as("window results are the same with or without scores")
                .isEqualTo(java.nio.file.Files.readAllLines(dir.resolve("windows.jsonl")));
    }

    @Test
    void missingConfigFileIsAClearError() {
        assertThat(run("run", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("error: configuration file").contains("does not exist");
    }

    @Test
    void invalidSimulatorOptionsAreClearErrors() {
        assertThat(run("simulate", "--sensors", "0", "--count", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --sensors must be >= 1");
    }

    @Test
    void aBadOptionValueIsOneLineNotTheUsage() {
        assertThat(run("demo", "--rate", "abc")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: Invalid value for option '--rate': 'abc' is not a double (see 'sensorstream demo --help')");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnreachableClusterIsAOneLineErrorWithinSeconds() {
        long start = System.nanoTime();
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:1", "--count", "3")).isEqualTo(2);
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to the error").isLessThan(30);
        assertThat(err.toString().strip()).startsWith("error: cannot reach Kafka at 127.0.0.1:1").contains("bootstrap-servers")
                .doesNotContain("\n");
    }

    @Test
    void refusedCredentialsAreFoundInAStreamThreadFailure() {
        var denied = new org.apache.kafka.common.errors.SaslAuthenticationException("Authentication failed");
        assertThat(io.sensorstream.app.pipeline.ProcessorRunner.accessDenied(new org.apache.kafka.streams.errors.StreamsException(denied)))
                .isSameAs(denied);
        assertThat(io.sensorstream.app.pipeline.ProcessorRunner.accessDenied(new IllegalStateException("x"))).isNull();
    }

    @Test
    void hashPasswordReadsStdinAndPrintsAUsersFileLine() {
        java.io.InputStream stdin = System.in;
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new java.io.ByteArrayInputStream("s3cret pass\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            code = run("hash-password", "alice", "--iterations", "20000");
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertThat(code).isZero();
        String line = captured.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(line).startsWith("alice:pbkdf2-sha256$20000$");
        assertThat(io.sensorstream.app.web.security.PasswordHash.verify("s3cret pass".toCharArray(), line.substring("alice:".length()))).isTrue();
        assertThat(run("hash-password", "a:b")).isEqualTo(2);
        assertThat(err.toString()).contains("must not contain ':'");
    }
}
