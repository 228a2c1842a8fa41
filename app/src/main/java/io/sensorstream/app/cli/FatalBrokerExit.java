package io.sensorstream.app.cli;

import org.apache.kafka.common.utils.Exit;

/**
 * Kafka's server code ends the JVM on fatal errors (a corrupt log directory, a lost controller quorum). In an
 * embedded broker that would kill the demo without a word, so say clearly what happened first.
 */
final class FatalBrokerExit {

    private FatalBrokerExit() {
    }

    static void install() {
        Exit.setExitProcedure((code, message) -> {
            System.err.println("error: the embedded Kafka broker hit a fatal error and stops the process (exit code "
                    + code + ")" + (message == null ? "" : ": " + message) + "; see the log above");
            Runtime.getRuntime().exit(code);
        });
        Exit.setHaltProcedure((code, message) -> {
            System.err.println("error: the embedded Kafka broker halted the process (exit code " + code + ")"
                    + (message == null ? "" : ": " + message));
            Runtime.getRuntime().halt(code);
        });
    }
}
