package io.riffle.aws.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What TLS serves: the certificate chain (the server's certificate first), its private key, and
 * where the certificate lives, so the operator can hand it to clients as the CA to trust.
 *
 * @param chain the server's certificate, then its issuers
 * @param privateKey the key of {@code chain.get(0)}
 * @param certificateFile the PEM file of the chain
 * @param isSelfSigned true when Riffle generated it ({@link SelfSignedCertificate})
 */
public record ServerCertificate(List<X509Certificate> chain, PrivateKey privateKey, Path certificateFile,
                                boolean isSelfSigned) {

    public ServerCertificate {
        chain = List.copyOf(chain);
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificateFile, "certificateFile");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain holds at least one certificate");
        }
    }

    /**
     * The operator's certificate and key.
     *
     * @param certificateWhat how error messages name the certificate file (e.g. its setting)
     * @param keyWhat how error messages name the key file
     * @throws TlsFileException when either file is missing, unreadable or not PEM, or the key does
     *     not belong to the certificate
     */
    public static ServerCertificate fromFiles(Path certificateFile, String certificateWhat, Path keyFile,
                                              String keyWhat) throws TlsFileException {
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile, certificateWhat);
        PrivateKey key = PemFiles.readPrivateKey(keyFile, keyWhat);
        if (!isKeyOf(key, chain.get(0).getPublicKey())) {
            throw new TlsFileException("The " + keyWhat + " " + keyFile.toAbsolutePath() + " is not the private key "
                    + "of the certificate in the " + certificateWhat + " " + certificateFile.toAbsolutePath() + " ("
                    + chain.get(0).getSubjectX500Principal().getName() + "): give the key that certificate was "
                    + "issued for, and put the server's own certificate first in the file");
        }
        return new ServerCertificate(chain, key, certificateFile.toAbsolutePath().normalize(), false);
    }

    /** The server's own certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** True when the certificate is outside its validity period at {@code now}. */
    public boolean isExpiredOrNotYetValid(Instant now) {
        return now.isBefore(certificate().getNotBefore().toInstant())
                || now.isAfter(certificate().getNotAfter().toInstant());
    }

    /**
     * Whether {@code key} belongs to {@code publicKey}: it signs a probe that the public key
     * verifies. Works for every key type the JDK signs with (RSA, EC, EdDSA) without reaching
     * into key internals.
     */
    public static boolean isKeyOf(PrivateKey key, PublicKey publicKey) throws TlsFileException {
        if (!key.getAlgorithm().equalsIgnoreCase(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "ED25519", "ED448", "EDDSA" -> key.getAlgorithm();
            default -> throw new TlsFileException("TLS keys of type " + key.getAlgorithm()
                    + " are not supported: use an RSA, EC or Ed25519 key");
        };
        try {
            byte[] probe = "riffle: does this key belong to the certificate?".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key on another curve than the certificate's
        }
    }
}
