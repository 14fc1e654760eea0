package io.riffle.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code riffle server}: starts the Kinesis-compatible server (not built yet). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start the Riffle server (Kinesis Data Streams API).")
final class ServerCommand implements Callable<Integer> {

    /** Exit code while the server does not exist yet. */
    static final int NOT_BUILT = 2;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("riffle server: the Kinesis API server is not built yet (see issue 'Kinesis Data Streams API server')");
        err.flush();
        return NOT_BUILT;
    }
}
