package io.riffle.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

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

        /** The PEM certificate TLS serves (for clients to trust), or empty when TLS is off. */
        default Optional<Path> tlsCertificateFile() {
            return Optional.empty();
        }

        /**
         * With authentication on, one line for the operator saying so and where the root credentials
         * are (never the secret); empty with auth=none.
         */
        default Optional<String> authenticationNotice() {
            return Optional.empty();
        }

        @Override
        void close();
    }

    private ServerLauncher() {}

    /**
     * @throws io.riffle.aws.http.PortInUseException when the port is taken
     * @throws IOException when the server cannot start for another reason
     */
    public static Running start(ServerConfig config) throws IOException {
        return RiffleServer.start(config);
    }
}
