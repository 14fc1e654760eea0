package io.riffle.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code riffle} command: entry point of the runnable jar. */
@Command(
        name = "riffle",
        mixinStandardHelpOptions = true,
        versionProvider = RiffleCommand.VersionProvider.class,
        description = "Riffle: a self-hosted streaming data platform speaking the Amazon Kinesis Data Streams API.",
        subcommands = {ServerCommand.class, AuditCommand.class, VersionCommand.class})
public final class RiffleCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits the JVM with the command's exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A fresh command line for {@code riffle}, also used by tests. */
    static CommandLine newCommandLine() {
        return new CommandLine(new RiffleCommand());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Supplies {@code --version} from the version Maven wrote into {@code riffle-version.properties}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"riffle " + RiffleVersion.version()};
        }
    }
}
