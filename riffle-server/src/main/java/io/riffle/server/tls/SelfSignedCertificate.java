package io.riffle.server.tls;

import io.riffle.aws.tls.PemFiles;
import io.riffle.aws.tls.ServerCertificate;
import io.riffle.aws.tls.TlsFileException;
import io.riffle.storage.io.OwnerOnly;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate Riffle serves when the operator gives none: self-signed, for the names a local
 * client uses ({@code localhost}, {@code 127.0.0.1}, {@code ::1}), an EC P-256 key, valid for ten
 * years. Generated on the first start with TLS into {@code <data-dir>/tls/} as {@code riffle.crt}
 * (give it to clients as the CA to trust) and {@code riffle.key} (mode 600), and reused at every
 * later start, so clients keep trusting it.
 *
 * <p>Its extensions are those of {@code openssl req -x509} (basic constraints CA, key usage,
 * subject and authority key identifiers) plus the subject alternative names and the serverAuth
 * extended key usage, so strict verifiers (OpenSSL's X509_STRICT, which Python 3.13 turns on) and
 * the JDK alike accept it as its own trust anchor.
 */
public final class SelfSignedCertificate {

    public static final String CERTIFICATE_FILE = "riffle.crt";
    public static final String KEY_FILE = "riffle.key";
    static final List<String> DNS_NAMES = List.of("localhost");
    static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");
    static final Duration VALIDITY = Duration.ofDays(3650);
    /** Starts a day early: a client whose clock lags a little still accepts it. */
    static final Duration BACKDATE = Duration.ofDays(1);
    static final String SUBJECT = "CN=localhost, O=Riffle (self-signed)";

    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);

    private SelfSignedCertificate() {
    }

    /**
     * The certificate in {@code dir}, generated there first if it is not.
     *
     * @throws TlsFileException when only one of the two files exists, or either is damaged
     * @throws IOException when the files cannot be written
     */
    public static ServerCertificate loadOrCreate(Path dir, Clock clock) throws IOException {
        Path certificateFile = dir.resolve(CERTIFICATE_FILE).toAbsolutePath().normalize();
        Path keyFile = dir.resolve(KEY_FILE).toAbsolutePath().normalize();
        boolean hasCertificate = Files.exists(certificateFile);
        boolean hasKey = Files.exists(keyFile);
        if (hasCertificate && hasKey) {
            ServerCertificate generated = ServerCertificate.fromFiles(certificateFile, "generated TLS certificate",
                    keyFile, "generated TLS private key");
            return new ServerCertificate(generated.chain(), generated.privateKey(), certificateFile, true);
        }
        if (hasCertificate) {
            // Clients may trust this certificate: do not silently replace it.
            throw new TlsFileException("The generated TLS certificate " + certificateFile + " is there but its key "
                    + keyFile + " is missing: restore the key, or delete " + certificateFile + " to generate a new "
                    + "certificate (clients must then trust the new one)");
        }
        // No certificate (a key alone is a leftover of an interrupted first start): generate both.
        OwnerOnly.createDirectories(dir);
        KeyPair keys = newKeyPair();
        X509Certificate certificate = generate(keys, clock.instant());
        PemFiles.writePrivateKey(keyFile, keys.getPrivate()); // the key first: the certificate marks completion
        PemFiles.writeCertificate(certificateFile, certificate);
        log.info("Generated a self-signed TLS certificate for {} and {}, valid until {}: {} (key {})",
                DNS_NAMES, IP_ADDRESSES, certificate.getNotAfter().toInstant(), certificateFile, keyFile);
        return new ServerCertificate(List.of(certificate), keys.getPrivate(), certificateFile, true);
    }

    /**
     * A self-signed certificate of {@code keys} (EC, or RSA) for {@link #DNS_NAMES} and
     * {@link #IP_ADDRESSES}, valid from {@code now} less {@link #BACKDATE} for {@link #VALIDITY}.
     */
    static X509Certificate generate(KeyPair keys, Instant now) throws IOException {
        X500Name subject = new X500Name(SUBJECT);
        BigInteger serial = new BigInteger(159, new SecureRandom()).add(BigInteger.ONE); // positive, <= 20 bytes
        Date notBefore = Date.from(now.minus(BACKDATE));
        Date notAfter = Date.from(now.plus(VALIDITY));
        boolean isRsa = keys.getPrivate().getAlgorithm().equals("RSA");
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial, notBefore, notAfter,
                    subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(isRsa
                            ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign
                            : KeyUsage.digitalSignature | KeyUsage.keyCertSign))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames())
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(keys.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(isRsa ? "SHA256withRSA" : "SHA256withECDSA").build(keys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("Cannot generate a self-signed TLS certificate: " + e.getMessage(), e);
        }
    }

    static KeyPair newKeyPair() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot generate an EC P-256 key for the self-signed TLS certificate: "
                    + e.getMessage(), e);
        }
    }

    private static GeneralNames subjectAlternativeNames() {
        GeneralName[] names = new GeneralName[DNS_NAMES.size() + IP_ADDRESSES.size()];
        int i = 0;
        for (String dns : DNS_NAMES) {
            names[i++] = new GeneralName(GeneralName.dNSName, dns);
        }
        for (String ip : IP_ADDRESSES) {
            names[i++] = new GeneralName(GeneralName.iPAddress, ip);
        }
        return new GeneralNames(names);
    }
}
