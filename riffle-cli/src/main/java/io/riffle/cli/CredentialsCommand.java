package io.riffle.cli;

import io.riffle.server.RootKeyRotation;
import io.riffle.server.ServerConfig;
import io.riffle.server.StartFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riffle credentials}: the server's own credentials, managed offline on its data directory. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Manage the server's credentials in its data directory (the server stopped).",
        subcommands = CredentialsCommand.RotateRoot.class)
final class CredentialsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code riffle credentials rotate-root}: new root keys into {@code <data-dir>/root-credentials}; the old keys, and
     * the STS sessions they issued, stop working at the next start. Exit codes as {@code riffle server}'s: 2 when
     * there is nothing to rotate or the configuration is wrong, 3 while a server runs on the directory.
     */
    @Command(name = "rotate-root", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Replace the generated root access key in DIR/root-credentials with a new one. Stop the"
                    + " server first; once it is started again the old key, and the session credentials it obtained,"
                    + " are refused (UnrecognizedClientException).")
    static final class RotateRoot implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The server's data directory (default ./riffle-data).")
        private String dataDir;

        @Option(names = "--config", paramLabel = "FILE",
                description = "The server's settings file; default: $" + ServerConfig.CONFIG_FILE_ENV + " if set.")
        private Path configFile;

        private final Map<String, String> environment;

        RotateRoot() {
            this(System.getenv());
        }

        RotateRoot(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> flags = new LinkedHashMap<>();
            if (dataDir != null) {
                flags.put(ServerConfig.DATA_DIR.name(), dataDir);
            }
            try {
                RootKeyRotation.Rotated rotated = RootKeyRotation.rotate(
                        ServerConfig.load(configFile, environment, flags));
                out.println("Rotated the root access key " + rotated.oldAccessKeyId() + " to " + rotated.newAccessKeyId()
                        + " in " + rotated.file() + "; the old key and its sessions are refused once the server"
                        + " starts again");
                out.flush();
                return 0;
            } catch (ServerConfig.ConfigException | RootKeyRotation.NothingToRotate e) {
                return fail(err, e.getMessage(), ServerCommand.BAD_CONFIG);
            } catch (StartFailure e) {
                return fail(err, e.getMessage(), e.reason() == StartFailure.Reason.DATA_DIRECTORY_IN_USE
                        ? ServerCommand.DATA_DIRECTORY_IN_USE : ServerCommand.BAD_CONFIG);
            } catch (IOException e) {
                return fail(err, "cannot rotate: " + e, ServerCommand.START_FAILED);
            }
        }

        private static int fail(PrintWriter err, String message, int exit) {
            err.println("riffle credentials rotate-root: " + message);
            err.flush();
            return exit;
        }
    }
}
