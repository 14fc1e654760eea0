package io.riffle.cli.triggers;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code riffle triggers}: event source mappings (stream triggers) through the Lambda API. */
@Command(name = "triggers", mixinStandardHelpOptions = true,
        description = "Manage stream triggers (Lambda event source mappings): create, list, get, update, enable, "
                + "disable, delete.",
        subcommands = {
            TriggersCommands.Create.class, TriggersCommands.ListMappings.class, TriggersCommands.Get.class,
            TriggersCommands.Update.class, TriggersCommands.Enable.class, TriggersCommands.Disable.class,
            TriggersCommands.Delete.class, CommandLine.HelpCommand.class})
public final class TriggersCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
