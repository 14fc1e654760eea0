package io.riffle.cli;

import io.riffle.cli.bench.BenchCommand;
import io.riffle.cli.client.ExitCodes;
import io.riffle.cli.client.Failures;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.firehose.FirehoseCommand;
import io.riffle.cli.iam.IamCommand;
import io.riffle.cli.put.PutCommand;
import io.riffle.cli.replay.ReplayCommand;
import io.riffle.cli.stream.ConsumersCommand;
import io.riffle.cli.stream.StreamCommand;
import io.riffle.cli.triggers.TriggersCommand;
import io.riffle.cli.tail.TailCommand;
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
        footerHeading = "%nClient commands talk to --endpoint (default http://127.0.0.1:4567, or $RIFFLE_ENDPOINT; 'aws'"
                + " for Amazon Kinesis) and sign with the standard AWS credential chain (environment, --profile,"
                + " ~/.aws, SSO, container, instance). Only for the local default endpoint, when the chain finds"
                + " no credentials, they sign with throwaway ones (a loopback development server accepts them).%n",
        subcommands = {ServerCommand.class, StreamCommand.class, ConsumersCommand.class, PutCommand.class,
            TailCommand.class, ReplayCommand.class, BenchCommand.class, TriggersCommand.class, AuditCommand.class,
            CredentialsCommand.class, IamCommand.class, FirehoseCommand.class,
            CompletionCommand.class, VersionCommand.class})
public final class RiffleCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits the JVM with the command's exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A fresh command line for {@code riffle}, also used by tests. */
    static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new RiffleCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new Failures());
        listExitCodes(commandLine);
        return commandLine;
    }

    /** The help of riffle and of the client commands ends with their exit codes (server and audit have their own). */
    private static void listExitCodes(CommandLine commandLine) {
        Object command = commandLine.getCommand();
        if (command instanceof RiffleCommand || command instanceof KinesisCommand || command instanceof StreamCommand
                || command instanceof ConsumersCommand || command instanceof TriggersCommand) {
            commandLine.getCommandSpec().usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(exitCodes());
        }
        commandLine.getSubcommands().values().forEach(RiffleCommand::listExitCodes);
    }

    private static java.util.Map<String, String> exitCodes() {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (String line : ExitCodes.DESCRIPTIONS) {
            int colon = line.indexOf(':');
            codes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return codes;
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
