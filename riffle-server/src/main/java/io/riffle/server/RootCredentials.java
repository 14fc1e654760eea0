package io.riffle.server;

import io.riffle.aws.auth.AccessKeyGenerator;
import io.riffle.storage.io.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The account root's access key: given by the operator ({@code root-access-key-id} and
 * {@code root-secret-access-key}, usually as {@code RIFFLE_ROOT_ACCESS_KEY_ID} and
 * {@code RIFFLE_ROOT_SECRET_ACCESS_KEY}), else read from {@code <data-dir>/root-credentials}, which
 * the first start with authentication on generates (mode 600; written to a temporary file, synced
 * and renamed). The file is an AWS shared credentials file, so a client may use it as it is:
 * {@code AWS_SHARED_CREDENTIALS_FILE=<data-dir>/root-credentials aws kinesis list-streams ...}.
 *
 * <pre>
 * # Riffle root credentials: ...
 * [default]
 * aws_access_key_id = AKIA...
 * aws_secret_access_key = ...
 * </pre>
 *
 * @param file where they were read or generated; null when the operator gave them
 */
record RootCredentials(String accessKeyId, String secretAccessKey, Path file, boolean isGenerated) {
    static final String FILE_NAME = "root-credentials";
    private static final String KEY_ID_PROPERTY = "aws_access_key_id";
    private static final String SECRET_PROPERTY = "aws_secret_access_key";

    RootCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /** The operator's keys when set, else the data directory's file, generated when missing. */
    static RootCredentials loadOrCreate(ServerConfig config) throws IOException {
        if (config.get(ServerConfig.ROOT_ACCESS_KEY_ID) != null) {
            return new RootCredentials(config.get(ServerConfig.ROOT_ACCESS_KEY_ID),
                    config.get(ServerConfig.ROOT_SECRET_ACCESS_KEY), null, false);
        }
        Path file = config.dataDir().resolve(FILE_NAME);
        if (Files.exists(file)) {
            DataDirectory.requireOwnerOnly(file, "root credentials file");
            return read(file);
        }
        return generate(file, config.accountId(), new SecureRandom());
    }

    static RootCredentials read(Path file) throws IOException {
        Map<String, String> properties = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                properties.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        String keyId = properties.get(KEY_ID_PROPERTY);
        String secret = properties.get(SECRET_PROPERTY);
        if (keyId == null || keyId.isEmpty() || secret == null || secret.isEmpty()) {
            throw new IOException(file + " has no " + (keyId == null || keyId.isEmpty() ? KEY_ID_PROPERTY : SECRET_PROPERTY)
                    + ": fix it, or delete it to generate new root credentials (clients must then use the new ones)");
        }
        return new RootCredentials(keyId, secret, file, false);
    }

    static RootCredentials generate(Path file, String accountId, SecureRandom random) throws IOException {
        AccessKeyGenerator keys = new AccessKeyGenerator(random);
        String keyId = keys.keyId(AccessKeyGenerator.LONG_TERM_PREFIX);
        String secret = keys.secret();
        String text = "# Riffle root credentials of account " + accountId + ": a request signed with them may do "
                + "anything. Keep this file secret (mode 600).\n"
                + "# Use it as an AWS shared credentials file: AWS_SHARED_CREDENTIALS_FILE=" + file.toAbsolutePath()
                + "\n[default]\n" + KEY_ID_PROPERTY + " = " + keyId + "\n" + SECRET_PROPERTY + " = " + secret + "\n";
        OwnerOnly.replaceDurably(file, text.getBytes(StandardCharsets.UTF_8));
        return new RootCredentials(keyId, secret, file, true);
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "RootCredentials[" + accessKeyId + (file == null ? ", given" : ", in " + file) + "]";
    }
}
