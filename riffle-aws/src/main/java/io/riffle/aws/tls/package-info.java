/**
 * The certificate and private key that Riffle's TLS serves: read from PEM files the operator
 * gives ({@link io.riffle.aws.tls.ServerCertificate#fromFiles}), or a self-signed certificate
 * for localhost and 127.0.0.1 generated once into the data directory
 * ({@link io.riffle.server.tls.SelfSignedCertificate}). Every problem with those files is a
 * {@link io.riffle.aws.tls.TlsFileException} that names the file and says what to do.
 *
 * <p>BouncyCastle (bcpkix) builds certificates and parses PEM; keys and signatures come from the
 * JDK's own providers (BouncyCastle is never registered as a JCA provider). The TLS handshake
 * itself is Netty's, set up in {@link io.riffle.aws.http.HttpServer}.
 */
package io.riffle.aws.tls;
