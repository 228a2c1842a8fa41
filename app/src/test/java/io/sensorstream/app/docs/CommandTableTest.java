package io.sensorstream.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.cli.SensorstreamCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's command table lists every command and every option its {@code --help} has, so the two cannot drift. */
class CommandTableTest {

    @Test
    void everyCommandAndOptionIsInTheReadmeTable() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("..", "README.md")).stream().filter(l -> l.startsWith("| `")).toList();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : new CommandLine(new SensorstreamCommand()).getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            String row = rows.stream().filter(r -> r.startsWith("| `" + sub.getKey() + " ") || r.startsWith("| `" + sub.getKey() + "`"))
                    .findFirst().orElse(null);
            if (row == null) {
                missing.add(sub.getKey() + " (no row)");
                continue;
            }
            for (CommandLine.Model.OptionSpec option : sub.getValue().getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                if (!row.contains(option.longestName())) {
                    missing.add(sub.getKey() + " " + option.longestName());
                }
            }
        }
        assertThat(missing).as("commands and options missing from the README's command table").isEmpty();
    }
}
