package io.riffle.aws.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.riffle.aws.tls.ServerCertificate;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * The server's TLS setup: the JDK's TLS (no native library to ship), TLS 1.3 and 1.2, the cipher
 * suites HTTP/2 allows (RFC 9113, 9.2.2: ephemeral key exchange, AEAD ciphers), and ALPN offering
 * {@code h2} then {@code http/1.1}.
 */
final class TlsContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    static SslContext forServer(ServerCertificate certificate) throws IOException {
        try {
            return SslContextBuilder.forServer(certificate.privateKey(), certificate.chain())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            // a client offering neither gets no ALPN answer; its first bytes tell (AlpnPipelineSelector)
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (SSLException e) {
            throw new IOException("Cannot set up TLS with the certificate " + certificate.certificateFile() + ": "
                    + e.getMessage(), e);
        }
    }
}
