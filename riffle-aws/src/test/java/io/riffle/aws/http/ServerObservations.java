package io.riffle.aws.http;

import io.riffle.aws.metrics.MetricsRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** What the HTTP tests read off a server: whether it closed a raw socket, and its metric samples. */
final class ServerObservations {
    private ServerObservations() {
    }

    /** Reads (and drops) what the server sends until it closes; false when it stays open for the socket's timeout. */
    static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // the server's own preface or answer, if any
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The sum of the samples whose line starts with {@code prefix} (a series name and its labels, then a space). */
    static long sample(MetricsRegistry metrics, String prefix) {
        return metrics.render().lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(prefix.length()))).sum();
    }

    /** {@code riffle_http_client_problems_total} of one cause. */
    static long problems(MetricsRegistry metrics, String cause) {
        return sample(metrics, "riffle_http_client_problems_total{cause=\"" + cause + "\"} ");
    }
}
