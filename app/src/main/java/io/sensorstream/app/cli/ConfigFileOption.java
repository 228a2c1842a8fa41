package io.sensorstream.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command that reads the configuration. */
final class ConfigFileOption {

    @Option(names = "--config", description = "YAML configuration file (keys in the README); command-line options override it.")
    Path file;
}
