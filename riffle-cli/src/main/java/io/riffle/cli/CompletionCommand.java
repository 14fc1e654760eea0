package io.riffle.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code riffle completion}: the bash/zsh completion script for every command and option, from picocli. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for riffle (bash, and zsh through bashcompinit).",
            "Load it now:          source <(riffle completion)",
            "Install it for bash:  riffle completion > /etc/bash_completion.d/riffle",
            "zsh (in ~/.zshrc):    autoload -U +X bashcompinit && bashcompinit; source <(riffle completion)"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("riffle", spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
