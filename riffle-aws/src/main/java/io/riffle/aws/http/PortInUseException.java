package io.riffle.aws.http;

import java.net.BindException;

/** The server could not listen because another process already listens on its port. */
public final class PortInUseException extends BindException {
    private static final long serialVersionUID = 1L;
    private final int port;

    PortInUseException(String host, int port, Throwable cause) {
        super("port " + port + " on " + host + " is in use");
        this.port = port;
        initCause(cause);
    }

    public int port() {
        return port;
    }
}
