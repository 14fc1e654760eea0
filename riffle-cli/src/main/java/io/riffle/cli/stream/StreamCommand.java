package io.riffle.cli.stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code riffle stream}: create, list, describe, delete, scale and change the retention of streams. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Manage streams: create, list, describe, delete, scale, retention.",
        subcommands = {
            StreamCreateCommand.class, StreamListCommand.class, StreamDescribeCommand.class,
            StreamDeleteCommand.class, StreamScaleCommand.class, StreamRetentionCommand.class,
            CommandLine.HelpCommand.class})
public final class StreamCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
