package io.riffle.aws.auth;

import io.riffle.aws.Caller;
import io.riffle.aws.SessionContext;
import io.riffle.aws.SessionTags;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues temporary credentials and reads them back from their session token alone: the token is the
 * {@link Session} and the temporary key's id and secret, sealed with AES-256-GCM under a key kept in the
 * data directory. So a token survives a restart, needs no lookup table, and cannot be forged or
 * altered without the key (a changed byte fails the GCM tag). STS's GetSessionToken and AssumeRole
 * call {@link #issue}; {@link #over} lets the SigV4 verifier resolve an {@code ASIA} key from the token
 * a request carries.
 *
 * <pre>
 * token = base64( version | nonce | AES-256-GCM(key, nonce, aad = version, plaintext) with its 16-byte tag )
 *   0   version         1 byte  ({@value #VERSION})
 *   1   nonce          12 bytes (random per token)
 *  13   ciphertext      the plaintext's length, then the tag (16 bytes)
 * plaintext (DataOutputStream; strings as writeUTF):
 *   kind (1 byte: Session.Kind ordinal), access key id, secret, account id, principal ARN, principal user id,
 *   source ARN, issuer access key id, issued at (epoch ms, 8 bytes), expires at (epoch ms, 8 bytes),
 *   has a session policy (1 byte), the session policy,
 *   (version 2 on) the number of managed session policy ARNs (1 byte), each ARN,
 *   (version 3 on) the number of session tags (1 byte), each key and value, the number of transitive
 *   tag keys (1 byte), each key
 * </pre>
 * Tokens of versions 1 and 2, sealed before managed session policies and session tags were built, still
 * open (without what they did not hold).
 *
 * <p>Thread-safe; {@link #open} is called on event loops and answers repeated tokens from a small cache.
 */
public final class SessionTokens {
    public static final int KEY_BYTES = 32;
    static final byte VERSION = 3;
    /** The layout before managed session policies: the same without the ARN list and the tags. */
    static final byte VERSION_WITHOUT_POLICY_ARNS = 1;
    /** The layout before session tags: the same without the tags. */
    static final byte VERSION_WITHOUT_TAGS = 2;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;
    /** Opened tokens kept before the cache is emptied (a few thousand live sessions). */
    static final int MAX_CACHED_TOKENS = 4_096;

    private final SecretKeySpec key;
    private final SecureRandom random;
    private final AccessKeyGenerator keys;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    /** What a token holds: the temporary key and the session it stands for. */
    public record Opened(AccessKey accessKey, Session session) {
    }

    /** @param key {@value #KEY_BYTES} secret bytes, the same at every start (the data directory's session-token key) */
    public SessionTokens(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a session-token key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = Objects.requireNonNull(random, "random");
        this.keys = new AccessKeyGenerator(random);
    }

    /**
     * New temporary credentials for {@code session}: an {@code ASIA} key id, a secret and the sealed token;
     * the returned key's principal is the session's, with the new key id.
     */
    public AccessKey issue(Session session) {
        String accessKeyId = keys.keyId(AccessKeyGenerator.TEMPORARY_PREFIX);
        String secret = keys.secret();
        Caller principal = withKeyId(session.principal(), accessKeyId, contextOf(session));
        Session issued = new Session(session.kind(), principal, session.sourceArn(), session.issuerAccessKeyId(),
                session.issuedAt(), session.expiresAt(), session.sessionPolicy(), session.sessionPolicyArns(),
                session.tags());
        return new AccessKey(accessKeyId, secret, principal, seal(accessKeyId, secret, issued), session.expiresAt());
    }

    /**
     * The credentials {@code token} holds, when it is one this server sealed and names {@code accessKeyId};
     * empty for anything else (another key id, a changed byte, another server's key, not base64).
     * An expired token opens: the verifier answers it with its own error.
     */
    public Optional<Opened> open(String accessKeyId, String token) {
        Opened found = opened.get(token);
        if (found == null) {
            found = unseal(token);
            if (found == null) {
                return Optional.empty();
            }
            if (opened.size() >= MAX_CACHED_TOKENS) {
                opened.clear(); // rare; tokens are opened again
            }
            opened.put(token, found);
        }
        return found.accessKey().accessKeyId().equals(accessKeyId) ? Optional.of(found) : Optional.empty();
    }

    /**
     * {@code longTerm}'s keys, and temporary ones resolved from the request's session token. A session
     * issued by a long-term key that {@code longTerm} no longer knows (the root's, rotated) is unknown too.
     */
    public CredentialStore over(CredentialStore longTerm) {
        return new CredentialStore() {
            @Override
            public Optional<AccessKey> find(String accessKeyId) {
                return longTerm.find(accessKeyId);
            }

            @Override
            public Optional<AccessKey> find(String accessKeyId, String sessionToken) {
                if (sessionToken == null || !accessKeyId.startsWith(AccessKeyGenerator.TEMPORARY_PREFIX)) {
                    return longTerm.find(accessKeyId);
                }
                return open(accessKeyId, sessionToken)
                        .filter(session -> isIssuerValid(longTerm, session.session().issuerAccessKeyId()))
                        .map(Opened::accessKey);
            }
        };
    }

    private static boolean isIssuerValid(CredentialStore longTerm, String issuerAccessKeyId) {
        // A session issued by another session (role chaining) is as good as its own token, which it holds no longer.
        return issuerAccessKeyId.startsWith(AccessKeyGenerator.TEMPORARY_PREFIX)
                || longTerm.find(issuerAccessKeyId).isPresent();
    }

    private String seal(String accessKeyId, String secret, Session session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(session.kind().ordinal());
            out.writeUTF(accessKeyId);
            out.writeUTF(secret);
            out.writeUTF(session.principal().accountId());
            out.writeUTF(session.principal().arn());
            out.writeUTF(session.principal().userId());
            out.writeUTF(session.sourceArn());
            out.writeUTF(session.issuerAccessKeyId());
            out.writeLong(session.issuedAt().toEpochMilli());
            out.writeLong(session.expiresAt().toEpochMilli());
            out.writeBoolean(session.sessionPolicy() != null);
            if (session.sessionPolicy() != null) {
                out.writeUTF(session.sessionPolicy());
            }
            out.writeByte(session.sessionPolicyArns().size()); // STS takes at most 10
            for (String arn : session.sessionPolicyArns()) {
                out.writeUTF(arn);
            }
            out.writeByte(session.tags().tags().size()); // STS takes at most 50
            for (Map.Entry<String, String> tag : session.tags().tags().entrySet()) {
                out.writeUTF(tag.getKey());
                out.writeUTF(tag.getValue());
            }
            out.writeByte(session.tags().transitiveKeys().size());
            for (String key : session.tags().transitiveKeys()) {
                out.writeUTF(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from a byte array
        }
        byte[] plaintext = bytes.toByteArray();
        byte[] sealed = new byte[HEADER_BYTES + plaintext.length + TAG_BITS / 8];
        sealed[0] = VERSION;
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(sealed, 0, 1);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, HEADER_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
        return Base64.getEncoder().encodeToString(sealed);
    }

    private Opened unseal(String token) {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] < VERSION_WITHOUT_POLICY_ARNS || sealed[0] > VERSION) {
            return null;
        }
        byte[] plaintext;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(sealed, 0, 1);
            plaintext = cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (GeneralSecurityException e) {
            return null; // altered, or sealed under another key
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
            int kind = in.readUnsignedByte();
            String accessKeyId = in.readUTF();
            String secret = in.readUTF();
            String accountId = in.readUTF();
            String arn = in.readUTF();
            String userId = in.readUTF();
            String sourceArn = in.readUTF();
            String issuer = in.readUTF();
            Instant issuedAt = Instant.ofEpochMilli(in.readLong());
            Instant expiresAt = Instant.ofEpochMilli(in.readLong());
            String policy = in.readBoolean() ? in.readUTF() : null;
            List<String> policyArns = new ArrayList<>();
            if (sealed[0] != VERSION_WITHOUT_POLICY_ARNS) {
                for (int n = in.readUnsignedByte(); n > 0; n--) {
                    policyArns.add(in.readUTF());
                }
            }
            SessionTags tags = sealed[0] >= VERSION ? readTags(in) : SessionTags.NONE;
            Caller principal = new Caller(accountId, arn, userId, accessKeyId,
                    new SessionContext(issuedAt, sourceArn, policy, policyArns, tags));
            Session session = new Session(Session.Kind.values()[kind], principal, sourceArn, issuer, issuedAt,
                    expiresAt, policy, policyArns, tags);
            return new Opened(new AccessKey(accessKeyId, secret, principal, token, expiresAt), session);
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return null; // sealed by this key, so only by a later version's layout
        }
    }

    private static SessionTags readTags(DataInputStream in) throws IOException {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int n = in.readUnsignedByte(); n > 0; n--) {
            tags.put(in.readUTF(), in.readUTF());
        }
        List<String> transitive = new ArrayList<>();
        for (int n = in.readUnsignedByte(); n > 0; n--) {
            transitive.add(in.readUTF());
        }
        return new SessionTags(tags, transitive);
    }

    private static SessionContext contextOf(Session session) {
        return new SessionContext(session.issuedAt(), session.sourceArn(), session.sessionPolicy(),
                session.sessionPolicyArns(), session.tags());
    }

    private static Caller withKeyId(Caller caller, String accessKeyId, SessionContext context) {
        return new Caller(caller.accountId(), caller.arn(), caller.userId(), accessKeyId, context);
    }
}
