package io.riffle.cli.client;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns what a client command throws into one line on stderr that says what happened and what to
 * do, and the exit code of {@link ExitCodes}. The stack trace is logged at debug level only
 * ({@code RIFFLE_LOG_LEVEL=debug}).
 */
public final class Failures implements IExecutionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    /** A command whose failures name its endpoint. */
    public interface HasClient {
        ClientOptions clientOptions();
    }

    @Override
    public int handleExecutionException(Exception thrown, CommandLine commandLine, ParseResult parseResult) {
        String endpoint = commandLine.getCommand() instanceof HasClient command
                ? command.clientOptions().endpoint() : ClientOptions.DEFAULT_ENDPOINT;
        String name = commandLine.getCommandSpec().qualifiedName();
        Failure failure = describe(thrown, endpoint, () -> Reachability.acceptsConnections(endpoint));
        log.debug("{} failed", name, thrown);
        PrintWriter err = commandLine.getErr();
        Terminal terminal = Terminal.detectStderr(System.getenv());
        err.println(name + ": " + terminal.red(failure.message()));
        err.flush();
        return failure.exitCode();
    }

    /** What to print and the exit code for a failure. */
    public record Failure(int exitCode, String message) {}

    /** Pure: the line and exit code for {@code thrown} when talking to {@code endpoint}. */
    public static Failure describe(Throwable thrown, String endpoint) {
        return describe(thrown, endpoint, () -> true);
    }

    /**
     * The line and exit code for {@code thrown}; {@code reachable} is asked only about a client failure
     * that names no cause we know: the SDK's Netty client may report a refused connection as a
     * connection-pool timeout, with no ConnectException in the chain.
     */
    public static Failure describe(Throwable thrown, String endpoint, BooleanSupplier reachable) {
        Throwable t = unwrap(thrown);
        if (t instanceof UsageException) {
            return new Failure(ExitCodes.USAGE, t.getMessage());
        }
        if (t instanceof CommandLine.ParameterException) {
            return new Failure(ExitCodes.USAGE, t.getMessage());
        }
        if (t instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
            String message = service.awsErrorDetails() != null ? service.awsErrorDetails().errorMessage() : null;
            return new Failure(ExitCodes.SERVICE_ERROR, (code == null ? "HTTP " + service.statusCode() : code)
                    + ": " + (message == null ? service.getMessage() : message));
        }
        if (hasCause(t, ConnectException.class) || hasCause(t, UnresolvedAddressException.class)
                || hasCause(t, UnknownHostException.class)) {
            return cannotReach(endpoint);
        }
        if (t instanceof SdkClientException client) {
            String message = String.valueOf(client.getMessage());
            if (message.contains("credentials")) {
                return new Failure(ExitCodes.USAGE, "no AWS credentials for " + endpoint + ": set AWS_ACCESS_KEY_ID"
                        + " and AWS_SECRET_ACCESS_KEY, pass --profile, or run `aws configure`");
            }
            if (message.contains("PKIX") || hasCause(t, javax.net.ssl.SSLException.class)) {
                return new Failure(ExitCodes.SERVICE_ERROR, "TLS with " + endpoint + " failed (" + firstLine(message)
                        + "): for a Riffle server's own certificate pass --ca-bundle DIR/tls/riffle.crt");
            }
            if (!reachable.getAsBoolean()) {
                return cannotReach(endpoint);
            }
            return new Failure(ExitCodes.SERVICE_ERROR, "talking to " + endpoint + " failed: " + firstLine(message));
        }
        return new Failure(ExitCodes.SERVICE_ERROR, "unexpected failure: " + t
                + " (RIFFLE_LOG_LEVEL=debug logs the stack trace)");
    }

    private static Failure cannotReach(String endpoint) {
        String hint = endpoint.equals(ClientOptions.DEFAULT_ENDPOINT)
                ? "is `riffle server` running? (or pass --endpoint URL)"
                : "is the server running there, and is the address right?";
        return new Failure(ExitCodes.SERVICE_ERROR, "cannot reach " + endpoint + ": " + hint);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * True when {@code type} is in the cause chain or in an earlier attempt's failure: the SDK adds
     * each retried attempt's failure as suppressed, and on a loaded machine the last attempt may
     * fail as a connection-pool timeout when the earlier ones were refused connections.
     */
    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        return hasCause(failure, type, 0);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type, int depth) {
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (hasCause(suppressed, type, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
