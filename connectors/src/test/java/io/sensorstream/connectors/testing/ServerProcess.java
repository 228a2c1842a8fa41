package io.sensorstream.connectors.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Helpers for tests that start a real server binary (Alertmanager, InfluxDB, Redis) as a process. */
public final class ServerProcess {

    private ServerProcess() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code command} with its output in {@code log}. */
    public static Process start(Path log, String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until {@code url} answers {@code status}; fails with the server's log after {@code timeout}. */
    public static void awaitHttp(String url, int status, Path log, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == status) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " did not answer " + status + " within " + timeout + "; log: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }
}
