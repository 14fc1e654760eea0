package io.riffle.cli.client;

/** The exit codes of the client commands, listed in {@code riffle --help}. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The service refused the call (its AWS error code and message are printed) or could not be reached. */
    public static final int SERVICE_ERROR = 1;
    /** Bad arguments or configuration (no region, no credentials, a malformed value): nothing was sent. */
    public static final int USAGE = 2;

    /** For picocli's {@code exitCodeList}. */
    public static final String[] DESCRIPTIONS = {
        "0:success",
        "1:the service refused the call (the AWS error code and message are printed) or could not be reached",
        "2:usage: bad arguments or configuration (no region, no credentials); nothing was sent",
    };

    private ExitCodes() {}
}
