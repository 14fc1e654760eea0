package io.riffle.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.riffle.aws.tls.ServerCertificate;
import io.riffle.aws.tls.TlsFileException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an operator's certificate and key, and every way those files can be wrong. */
class ServerCertificateTest {

    private static final String CERT = "TLS certificate file (tls-cert-file)";
    private static final String KEY = "TLS private key file (tls-key-file)";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void readsAGeneratedCertificateWithItsPkcs8Key() throws Exception {
        KeyPair keys = SelfSignedCertificate.newKeyPair();
        X509Certificate certificate = SelfSignedCertificate.generate(keys, NOW);
        Path certFile = pem("server.crt", certificate);
        Path keyFile = pem("server.key", keys);

        ServerCertificate read = ServerCertificate.fromFiles(certFile, CERT, keyFile, KEY);

        assertThat(read.chain()).containsExactly(certificate);
        assertThat(read.privateKey().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(read.certificateFile()).isEqualTo(certFile.toAbsolutePath());
        assertThat(read.isSelfSigned()).isFalse();
    }

    /**
     * Files written by OpenSSL 3 (src/test/resources/tls): {@code openssl req -x509 -newkey ec
     * -pkeyopt ec_paramgen_curve:P-256} then {@code openssl ec} (SEC1), and {@code -newkey rsa:2048}
     * then {@code openssl rsa -traditional} (PKCS#1).
     */
    @Test
    void readsKeysInTheTraditionalOpenSslFormsSec1AndPkcs1() throws Exception {
        ServerCertificate ec = ServerCertificate.fromFiles(resource("openssl-ec.crt"), CERT,
                resource("openssl-ec-sec1.key"), KEY);
        ServerCertificate rsa = ServerCertificate.fromFiles(resource("openssl-rsa.crt"), CERT,
                resource("openssl-rsa-pkcs1.key"), KEY);

        assertThat(Files.readString(resource("openssl-ec-sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.readString(resource("openssl-rsa-pkcs1.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(ec.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(rsa.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(ec.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void readsAWholeChainInFileOrder() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair serverKeys = rsa.generateKeyPair();
        X509Certificate server = SelfSignedCertificate.generate(serverKeys, NOW);
        X509Certificate issuer = SelfSignedCertificate.generate(SelfSignedCertificate.newKeyPair(), NOW);
        Path chain = pem("chain.crt", server, issuer);

        ServerCertificate read = ServerCertificate.fromFiles(chain, CERT, pem("rsa.key", serverKeys), KEY);

        assertThat(read.chain()).containsExactly(server, issuer);
        assertThat(read.certificate()).isEqualTo(server);
        assertThat(read.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void aMissingFileIsNamedWithItsSetting() throws Exception {
        Path key = pem("server.key", SelfSignedCertificate.newKeyPair());
        assertThatThrownBy(() -> ServerCertificate.fromFiles(dir.resolve("nope.crt"), CERT, key, KEY))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("The TLS certificate file (tls-cert-file) " + dir.resolve("nope.crt")
                        + " does not exist: check the path");
        assertThatThrownBy(() -> ServerCertificate.fromFiles(dir, CERT, key, KEY))
                .hasMessageContaining(dir + " is a directory, not a PEM file");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedSayingWhichFiles() throws Exception {
        Path certFile = pem("server.crt", SelfSignedCertificate.generate(SelfSignedCertificate.newKeyPair(), NOW));
        Path otherKey = pem("other.key", SelfSignedCertificate.newKeyPair());

        assertThatThrownBy(() -> ServerCertificate.fromFiles(certFile, CERT, otherKey, KEY))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("The " + KEY + " " + otherKey + " is not the private key of the certificate in the "
                        + CERT + " " + certFile)
                .hasMessageContaining("give the key that certificate was issued for");
    }

    @Test
    void swappedFilesAreRecognised() throws Exception {
        KeyPair keys = SelfSignedCertificate.newKeyPair();
        Path certFile = pem("server.crt", SelfSignedCertificate.generate(keys, NOW));
        Path keyFile = pem("server.key", keys);

        assertThatThrownBy(() -> ServerCertificate.fromFiles(keyFile, CERT, certFile, KEY))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(keyFile + " holds a private key, not a certificate: are the certificate and "
                        + "key files swapped?");
        assertThatThrownBy(() -> ServerCertificate.fromFiles(certFile, CERT, certFile, KEY))
                .hasMessageContaining(certFile + " holds no PEM private key")
                .hasMessageContaining("it holds a certificate: are the certificate and key files swapped?");
    }

    @Test
    void filesThatAreNotPemOrDamagedSaySo() throws Exception {
        Path keyFile = pem("server.key", SelfSignedCertificate.newKeyPair());
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello, not a certificate\n");
        Path damaged = Files.writeString(dir.resolve("damaged.crt"),
                "-----BEGIN CERTIFICATE-----\nMIIBzz==garbage\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> ServerCertificate.fromFiles(text, CERT, keyFile, KEY))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(text + " holds no PEM certificate (a block starting -----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> ServerCertificate.fromFiles(damaged, CERT, keyFile, KEY))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("Cannot read the " + CERT + " " + damaged + " as PEM");
    }

    @Test
    void anEncryptedKeySaysHowToDecryptIt() throws Exception {
        KeyPair keys = SelfSignedCertificate.newKeyPair();
        Path certFile = pem("server.crt", SelfSignedCertificate.generate(keys, NOW));
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
        Path encrypted = pem("encrypted.key", new JcaPKCS8Generator(keys.getPrivate(), encryptor));
        assertThat(Files.readString(encrypted)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertThatThrownBy(() -> ServerCertificate.fromFiles(certFile, CERT, encrypted, KEY))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(encrypted + " is encrypted with a passphrase")
                .hasMessageContaining("openssl pkey -in " + encrypted);
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads every file").isNotEqualTo("root");
        KeyPair keys = SelfSignedCertificate.newKeyPair();
        Path certFile = pem("server.crt", SelfSignedCertificate.generate(keys, NOW));
        Path keyFile = pem("server.key", keys);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("---------"));

        assertThatThrownBy(() -> ServerCertificate.fromFiles(certFile, CERT, keyFile, KEY))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("Cannot read the " + KEY + " " + keyFile + ": permission denied");
    }

    @Test
    void validityIsCheckedAgainstAGivenInstant() throws Exception {
        KeyPair keys = SelfSignedCertificate.newKeyPair();
        ServerCertificate certificate = new ServerCertificate(List.of(SelfSignedCertificate.generate(keys, NOW)),
                keys.getPrivate(), dir.resolve("x.crt"), true);

        assertThat(certificate.isExpiredOrNotYetValid(NOW)).isFalse();
        assertThat(certificate.isExpiredOrNotYetValid(NOW.minus(SelfSignedCertificate.BACKDATE).minusSeconds(1))).isTrue();
        assertThat(certificate.isExpiredOrNotYetValid(NOW.plus(SelfSignedCertificate.VALIDITY).plusSeconds(1))).isTrue();
    }

    private Path pem(String name, Object... objects) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                if (object instanceof KeyPair pair) {
                    writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
                } else {
                    writer.writeObject(object);
                }
            }
        }
        return Files.writeString(dir.resolve(name), text.toString());
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ServerCertificateTest.class.getResource("/tls/" + name).toURI());
    }
}
