package io.sensorstream.app;

import io.sensorstream.app.cli.SensorstreamCommand;

/** Entry point of the {@code sensorstream} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = SensorstreamCommand.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
