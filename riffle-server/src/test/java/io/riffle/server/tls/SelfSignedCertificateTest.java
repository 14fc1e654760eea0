package io.riffle.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.aws.tls.ServerCertificate;
import io.riffle.aws.tls.TlsFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartGeneratesACertificateForLocalhostAndTheLoopbackAddresses() throws Exception {
        Path dir = dataDir.resolve("tls");
        ServerCertificate generated = SelfSignedCertificate.loadOrCreate(dir, CLOCK);

        X509Certificate certificate = generated.certificate();
        assertThat(generated.isSelfSigned()).isTrue();
        assertThat(generated.certificateFile()).isEqualTo(dir.resolve("riffle.crt").toAbsolutePath());
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        certificate.verify(certificate.getPublicKey()); // self-signed: signed by its own key
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(certificate.getBasicConstraints()).as("its own CA").isNotNegative();
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ServerCertificate.isKeyOf(generated.privateKey(), certificate.getPublicKey())).isTrue();
    }

    @Test
    void theKeyIsReadableByItsOwnerOnlyAndTheCertificateByAll() throws Exception {
        Path dir = dataDir.resolve("tls");
        SelfSignedCertificate.loadOrCreate(dir, CLOCK);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("riffle.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("riffle.crt"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.readString(dir.resolve("riffle.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("riffle.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("riffle.crt", "riffle.key");
        }
    }

    @Test
    void laterStartsReuseTheSameCertificateAndKey() throws Exception {
        Path dir = dataDir.resolve("tls");
        ServerCertificate first = SelfSignedCertificate.loadOrCreate(dir, CLOCK);
        byte[] certificateBytes = Files.readAllBytes(dir.resolve("riffle.crt"));
        byte[] keyBytes = Files.readAllBytes(dir.resolve("riffle.key"));

        ServerCertificate second = SelfSignedCertificate.loadOrCreate(dir, Clock.offset(CLOCK, Duration.ofDays(30)));

        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(second.isSelfSigned()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("riffle.crt"))).isEqualTo(certificateBytes);
        assertThat(Files.readAllBytes(dir.resolve("riffle.key"))).isEqualTo(keyBytes);
    }

    @Test
    void aCertificateWhoseKeyIsGoneIsAnErrorNotReplaced() throws Exception {
        Path dir = dataDir.resolve("tls");
        SelfSignedCertificate.loadOrCreate(dir, CLOCK);
        byte[] certificateBytes = Files.readAllBytes(dir.resolve("riffle.crt"));
        Files.delete(dir.resolve("riffle.key"));

        assertThatThrownBy(() -> SelfSignedCertificate.loadOrCreate(dir, CLOCK))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(dir.resolve("riffle.key").toAbsolutePath() + " is missing")
                .hasMessageContaining("delete " + dir.resolve("riffle.crt").toAbsolutePath() + " to generate a new");
        assertThat(Files.readAllBytes(dir.resolve("riffle.crt"))).isEqualTo(certificateBytes);
    }

    @Test
    void aKeyLeftWithoutItsCertificateIsReplacedByANewPair() throws Exception {
        Path dir = dataDir.resolve("tls");
        ServerCertificate first = SelfSignedCertificate.loadOrCreate(dir, CLOCK);
        Files.delete(dir.resolve("riffle.crt")); // as if the first start died between the two writes

        ServerCertificate second = SelfSignedCertificate.loadOrCreate(dir, CLOCK);

        assertThat(second.certificate()).isNotEqualTo(first.certificate());
        assertThat(ServerCertificate.isKeyOf(second.privateKey(), second.certificate().getPublicKey())).isTrue();
        assertThat(SelfSignedCertificate.loadOrCreate(dir, CLOCK).certificate()).isEqualTo(second.certificate());
    }

    @Test
    void aDamagedGeneratedCertificateIsAnErrorNamingIt() throws Exception {
        Path dir = dataDir.resolve("tls");
        SelfSignedCertificate.loadOrCreate(dir, CLOCK);
        Files.writeString(dir.resolve("riffle.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n"
                + "-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> SelfSignedCertificate.loadOrCreate(dir, CLOCK))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("generated TLS certificate " + dir.resolve("riffle.crt").toAbsolutePath());
    }
}
