package io.sensorstream.app.cli;

import io.sensorstream.app.config.ConfigLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the effective configuration (defaults, file, environment, flags) with secrets masked, after validating it. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration as YAML (defaults + --config file + environment + flags), validated, secrets masked.")
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Mixin
    BootstrapOption cluster;

    @Override
    public Integer call() {
        Map<String, String> overrides = new LinkedHashMap<>();
        cluster.addTo(overrides);
        System.out.print(new ConfigLoader(System.getenv()).effectiveYaml(config.file, overrides));
        return 0;
    }
}
