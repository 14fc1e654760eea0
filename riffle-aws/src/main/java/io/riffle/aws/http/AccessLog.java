package io.riffle.aws.http;

import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request on the logger {@value #LOGGER} at INFO, when that logger is on (the server's
 * {@code access-log} setting turns it on; it is off by default, and then costs one level check per request):
 * {@code 127.0.0.1 "POST / HTTP/1.1" 200 93 1.8ms Kinesis_20131202.PutRecord <request id>}, in the shape of common
 * access logs, with the same fields as SLF4J key-values for a JSON log format. A streamed answer's bytes are not
 * counted ({@code -}), and its time runs to the end of the stream; status 0 means the connection went before an answer.
 */
final class AccessLog {

    static final String LOGGER = "io.riffle.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private AccessLog() {
    }

    static boolean isOn() {
        return log.isInfoEnabled();
    }

    static void write(SocketAddress remote, String method, String target, HttpVersion version, int status,
                      long bodyBytes, long nanos, String requestId, String operation) {
        String client = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
        String millis = String.format(Locale.ROOT, "%.1f", nanos / 1e6);
        log.atInfo().addKeyValue("client", client).addKeyValue("method", method).addKeyValue("target", target)
                .addKeyValue("status", status).addKeyValue("bytes", bodyBytes).addKeyValue("ms", millis)
                .addKeyValue("requestId", requestId).addKeyValue("operation", operation)
                .log("{} \"{} {} {}\" {} {} {}ms {} {}", client, method, target, version.text(), status,
                        bodyBytes < 0 ? "-" : bodyBytes, millis, operation == null ? "-" : operation, requestId);
    }
}
