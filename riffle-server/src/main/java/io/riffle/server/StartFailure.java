package io.riffle.server;

import java.io.IOException;

/**
 * Why the server did not start, in one line that says what to do ("... is in use by PID 123:
 * stop it first, or ..."): {@code riffle server} prints the message alone and exits with the
 * reason's code; the stack trace of the cause goes to the log at DEBUG.
 */
public final class StartFailure extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the operator's next step is concerned. */
    public enum Reason {
        /** Another process (a Riffle server) holds the data directory. */
        DATA_DIRECTORY_IN_USE,
        /** Files or directories that others could read (key material, the data directory): fix with chmod. */
        UNSAFE_PERMISSIONS,
        /** Another process listens on the port. */
        PORT_IN_USE
    }

    private final Reason reason;

    public StartFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
