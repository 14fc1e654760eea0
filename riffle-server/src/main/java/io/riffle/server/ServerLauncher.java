package io.riffle.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Starts a Riffle server from its configuration; what {@code riffle server} calls.
 *
 * <p>See {@link RiffleServer} for what is wired together.
 */
public final class ServerLauncher {

    /** A started server. {@link #close()} stops it, letting requests in flight finish. */
    public interface Running extends AutoCloseable {
        /** Where it listens (the real port when the configured port was 0). */
        InetSocketAddress address();

        @Override
        void close();
    }

    private ServerLauncher() {}

    /**
     * @throws io.riffle.server.http.PortInUseException when the port is taken
     * @throws IOException when the server cannot start for another reason
     */
    public static Running start(ServerConfig config) throws IOException {
        return RiffleServer.start(config);
    }
}
