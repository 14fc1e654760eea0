package io.riffle.cli.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** Whether an endpoint's host and port accept a TCP connection at all (asked only after a failure). */
final class Reachability {
    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private Reachability() {
    }

    /** True when a TCP connection to the endpoint's host and port succeeds, or the endpoint is not a URL. */
    static boolean acceptsConnections(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException notAUrl) {
            return true;
        }
        if (uri.getHost() == null) {
            return true; // e.g. "aws": the SDK resolves the endpoint itself
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
