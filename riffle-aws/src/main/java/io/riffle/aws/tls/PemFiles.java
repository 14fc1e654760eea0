package io.riffle.aws.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files of TLS: certificates ({@code -----BEGIN CERTIFICATE-----}, several
 * in a chain file) and private keys in any unencrypted form OpenSSL writes: PKCS#8 ({@code PRIVATE
 * KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). Keys are written as
 * PKCS#8, readable by the owner only.
 *
 * <p>{@code what} in each method names the file for error messages, e.g. {@code "TLS certificate
 * file (tls-cert-file)"}.
 */
public final class PemFiles {

    /** rw------- : a private key is the server's identity. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in file order (the server's own first, then its issuers). */
    static List<X509Certificate> readCertificates(Path given, String what) throws TlsFileException {
        Path file = given.toAbsolutePath().normalize();
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object pem : readAll(file, what)) {
            if (pem instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsFileException("The " + what + " " + file + " holds a certificate the JDK cannot use: "
                            + e.getMessage(), e);
                }
            } else if (isPrivateKey(pem)) {
                throw new TlsFileException("The " + what + " " + file + " holds a private key, not a certificate: "
                        + "are the certificate and key files swapped?");
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsFileException("The " + what + " " + file + " holds no PEM certificate (a block starting "
                    + "-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The one private key in {@code file}. */
    static PrivateKey readPrivateKey(Path given, String what) throws TlsFileException {
        Path file = given.toAbsolutePath().normalize();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        boolean hasCertificate = false;
        for (Object pem : readAll(file, what)) {
            try {
                if (pem instanceof PrivateKeyInfo pkcs8) {
                    return converter.getPrivateKey(pkcs8);
                }
                if (pem instanceof PEMKeyPair pair) {
                    // PKCS#1 or SEC1; SEC1 may leave out the public key, so convert the private part alone
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            } catch (PEMException e) {
                throw new TlsFileException("The " + what + " " + file + " holds a private key the JDK cannot use: "
                        + e.getMessage(), e);
            }
            if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new TlsFileException("The " + what + " " + file + " is encrypted with a passphrase, which "
                        + "Riffle does not ask for: write an unencrypted copy readable only by the server's user "
                        + "(openssl pkey -in " + file + " -out riffle.key) and give that");
            }
            hasCertificate |= pem instanceof X509CertificateHolder;
        }
        throw new TlsFileException("The " + what + " " + file + " holds no PEM private key (a block starting "
                + "-----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)"
                + (hasCertificate ? "; it holds a certificate: are the certificate and key files swapped?" : ""));
    }

    public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(certificate);
        }
        writeAtomically(file, text.toString(), WORLD_READABLE);
    }

    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
        writeAtomically(file, text.toString(), OWNER_ONLY);
    }

    private static boolean isPrivateKey(Object pem) {
        return pem instanceof PrivateKeyInfo || pem instanceof PEMKeyPair || pem instanceof PEMEncryptedKeyPair
                || pem instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    private static List<Object> readAll(Path file, String what) throws TlsFileException {
        if (!Files.exists(file)) {
            throw new TlsFileException("The " + what + " " + file + " does not exist: check the path (a relative "
                    + "one starts in " + Path.of("").toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new TlsFileException("The " + what + " " + file + " is a directory, not a PEM file");
        }
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object pem = parser.readObject(); pem != null; pem = parser.readObject()) {
                objects.add(pem);
            }
        } catch (AccessDeniedException e) {
            throw new TlsFileException("Cannot read the " + what + " " + file + ": permission denied "
                    + "for user " + System.getProperty("user.name") + " (check the file's owner and mode)", e);
        } catch (NoSuchFileException e) {
            throw new TlsFileException("The " + what + " " + file + " does not exist: check the path", e);
        } catch (IOException | RuntimeException e) {
            // PEMParser throws IOExceptions and runtime exceptions on damaged base64 or DER
            throw new TlsFileException("Cannot read the " + what + " " + file + " as PEM: "
                    + e.getMessage(), e);
        }
        return objects;
    }

    /** Writes a temporary file with the final permissions from its creation, syncs it, renames it into place. */
    private static void writeAtomically(Path file, String text, Set<PosixFilePermission> permissions)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        boolean isPosix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = isPosix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
        try {
            Files.createFile(temp, attributes);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("Cannot create " + temp + ": another process writes it at the same time", e);
        }
        if (isPosix) {
            Files.setPosixFilePermissions(temp, permissions); // the umask may have cleared bits at creation
        }
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.US_ASCII, StandardOpenOption.WRITE)) {
            writer.write(text);
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
