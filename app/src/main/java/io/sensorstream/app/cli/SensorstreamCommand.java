package io.sensorstream.app.cli;

import io.sensorstream.app.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command: lists the subcommands; errors from them are printed as one line. */
@Command(name = "sensorstream", mixinStandardHelpOptions = true, version = "sensorstream 0.1.0",
        description = "Real-time analytics for sensor streams on Kafka Streams: event-time windows, anomaly alerts, exactly once.",
        subcommands = {DemoCommand.class, RunCommand.class, SimulateCommand.class, ReplayCommand.class, EvaluateCommand.class,
                BrokerCommand.class, SinkCommand.class, IngestCommand.class, HashPasswordCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class SensorstreamCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** Runs the command line with the given output streams ({@code null}: the standard ones). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new SensorstreamCommand());
        if (out != null) cli.setOut(out);
        if (err != null) cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            // one line, not the whole usage text: the option, what was wrong, where to look
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
