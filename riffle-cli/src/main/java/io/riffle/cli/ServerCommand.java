package io.riffle.cli;

import io.riffle.aws.http.PortInUseException;
import io.riffle.aws.tls.TlsFileException;
import io.riffle.server.ServerConfig;
import io.riffle.server.ServerLauncher;
import io.riffle.server.StartFailure;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code riffle server}: builds the {@link ServerConfig} (defaults, config file, environment,
 * flags), starts the server, prints one "listening" line on stdout, and runs until SIGTERM or
 * Ctrl-C, when a shutdown hook stops it cleanly. The line names the URL and, with TLS, the
 * certificate clients must trust:
 * {@code Riffle 0.1.0 listening on https://127.0.0.1:4567 (TLS certificate: /data/tls/riffle.crt;
 * plaintext HTTP on the same port) (data in /data)}.
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start the Riffle server (Kinesis Data Streams API over HTTP/1.1 and HTTP/2).",
        footerHeading = "%nSettings (--set KEY=VALUE, environment variable, or KEY=VALUE lines in the --config file;"
                + " flags win over the environment, which wins over the file):%n")
final class ServerCommand implements Callable<Integer> {

    /** The server could not start (port in use, unreadable data directory...). */
    static final int START_FAILED = 1;
    /**
     * The configuration is wrong (unknown setting, bad value, missing config file, unusable TLS files,
     * key material or a data directory that other users can read).
     */
    static final int BAD_CONFIG = 2;
    /** Another process (a Riffle server) holds the data directory. */
    static final int DATA_DIRECTORY_IN_USE = 3;

    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    /** How the command waits once the server runs; tests replace it to return at once. */
    interface UntilStopped {
        void await(ServerLauncher.Running server) throws InterruptedException;
    }

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 4567; 0 picks a free one).")
    private String port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./riffle-data).")
    private String dataDir;

    @Option(names = "--tls", description = "Also serve HTTPS (HTTP/1.1 and HTTP/2 by ALPN) on the port, with"
            + " --tls-cert-file and --tls-key-file or else a self-signed certificate generated into DIR/tls/.")
    private boolean isTls;

    @Option(names = "--tls-cert-file", paramLabel = "PEM", description = "TLS certificate (chain) file.")
    private String tlsCertFile;

    @Option(names = "--tls-key-file", paramLabel = "PEM", description = "TLS private key file of the certificate.")
    private String tlsKeyFile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (Java properties); default: $" + ServerConfig.CONFIG_FILE_ENV + " if set.")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting listed below; repeatable.")
    private Map<String, String> settings = new LinkedHashMap<>();

    private CommandSpec spec;
    private final Map<String, String> environment;
    private final UntilStopped untilStopped;

    ServerCommand() {
        this(System.getenv(), ServerCommand::untilShutdownHook);
    }

    ServerCommand(Map<String, String> environment, UntilStopped untilStopped) {
        this.environment = environment;
        this.untilStopped = untilStopped;
    }

    /** Injected by picocli; also puts the settings table in {@code --help}. */
    @Spec
    void setSpec(CommandSpec spec) {
        this.spec = spec;
        spec.usageMessage().footer(ServerConfig.describe().replace("%", "%%"));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config;
        try {
            config = ServerConfig.load(configFile, environment, flags());
        } catch (ServerConfig.ConfigException e) {
            err.println("riffle server: " + e.getMessage());
            err.flush();
            return BAD_CONFIG;
        }

        LogSettings.apply(config.get(ServerConfig.ACCESS_LOG), config.get(ServerConfig.LOG_LEVELS),
                config.get(ServerConfig.LOG_FORMAT));
        ServerLauncher.Running server;
        try {
            server = ServerLauncher.start(config);
        } catch (Exception e) {
            // One line that says what to do; the stack trace only for those who ask (RIFFLE_LOG_LEVEL=debug).
            log.debug("Cannot start the server", e);
            int exit = START_FAILED;
            if (e instanceof StartFailure failure) {
                err.println("riffle server: " + failure.getMessage());
                exit = switch (failure.reason()) {
                    case DATA_DIRECTORY_IN_USE -> DATA_DIRECTORY_IN_USE;
                    case UNSAFE_PERMISSIONS -> BAD_CONFIG;
                    case PORT_IN_USE -> START_FAILED;
                };
            } else if (hasCause(e, PortInUseException.class)) {
                err.println("riffle server: port " + config.port() + " is in use: stop the other process or pass --port");
            } else if (e instanceof TlsFileException) {
                err.println("riffle server: " + e.getMessage());
                exit = BAD_CONFIG;
            } else {
                err.println("riffle server: cannot start: " + e + " (RIFFLE_LOG_LEVEL=debug logs the stack trace)");
            }
            err.flush();
            return exit;
        }

        InetSocketAddress address = server.address();
        String hostAndPort = hostForUrl(config.host()) + ":" + address.getPort();
        String line = "Riffle " + RiffleVersion.version() + " listening on "
                + server.tlsCertificateFile().map(certificate -> "https://" + hostAndPort + " (TLS certificate: "
                        + certificate + "; plaintext HTTP on the same port)").orElse("http://" + hostAndPort)
                + " (data in " + config.dataDir().toAbsolutePath().normalize() + ")";
        server.authenticationNotice().ifPresent(out::println);
        out.println(line);
        out.flush();
        log.info(line);
        untilStopped.await(server);
        return 0;
    }

    /** The command-line settings, by setting name; the dedicated flags win over {@code --set}. */
    private Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        putIfGiven(flags, ServerConfig.HOST, host);
        putIfGiven(flags, ServerConfig.PORT, port);
        putIfGiven(flags, ServerConfig.DATA_DIR, dataDir);
        putIfGiven(flags, ServerConfig.TLS, isTls ? "true" : null);
        putIfGiven(flags, ServerConfig.TLS_CERT_FILE, tlsCertFile);
        putIfGiven(flags, ServerConfig.TLS_KEY_FILE, tlsKeyFile);
        return flags;
    }

    private static void putIfGiven(Map<String, String> flags, ServerConfig.Setting<?> setting, String value) {
        if (value != null) {
            flags.put(setting.name(), value);
        }
    }

    /** Blocks until the JVM shuts down (SIGTERM, Ctrl-C); the shutdown hook stops the server. */
    private static void untilShutdownHook(ServerLauncher.Running server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping");
            try {
                server.close();
                log.info("Stopped");
            } catch (RuntimeException e) {
                log.error("Failed to stop cleanly", e);
            } finally {
                stopped.countDown();
            }
        }, "riffle-shutdown"));
        // Returns only once the hook has run; the JVM is exiting by then.
        stopped.await();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
