package io.riffle.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code riffle version}: the Riffle version, the Java runtime and the operating system. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the Riffle version, the Java runtime and the operating system.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("riffle " + RiffleVersion.version());
        out.println("java   " + System.getProperty("java.runtime.version", System.getProperty("java.version"))
                + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")");
        out.println("os     " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")");
        out.flush();
        return 0;
    }
}
