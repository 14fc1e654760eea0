package io.riffle.aws.tls;

import java.io.IOException;

/**
 * A TLS certificate or key file that cannot be used: missing, unreadable, not PEM, encrypted, or
 * a key that does not belong to the certificate. The message names the file and what to do.
 */
public final class TlsFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public TlsFileException(String message) {
        super(message);
    }

    public TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
