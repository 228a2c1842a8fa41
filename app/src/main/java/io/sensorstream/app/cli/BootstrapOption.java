package io.sensorstream.app.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --bootstrap-servers}, shared by the commands that connect to a Kafka cluster given in the configuration. */
final class BootstrapOption {

    @Option(names = "--bootstrap-servers", description = "Kafka cluster, overrides bootstrap-servers.")
    String bootstrapServers;

    /** Puts the option, when given, into the configuration overrides. */
    Map<String, String> addTo(Map<String, String> overrides) {
        if (bootstrapServers != null) overrides.put("bootstrap-servers", bootstrapServers);
        return overrides;
    }
}
