package io.riffle.aws.auth;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the {@link SigV4Authenticator} finds the secret of an access key id. Called on event loops,
 * so an implementation answers from memory. The account root's key, users' keys, and STS sessions
 * (resolved from their token).
 */
@FunctionalInterface
public interface CredentialStore {

    /** The key with this id, or empty when the server knows none. */
    Optional<AccessKey> find(String accessKeyId);

    /**
     * The key a request signed with {@code accessKeyId} and carrying {@code sessionToken} (null when none)
     * uses: temporary keys are found from their token ({@link SessionTokens#over}); the verifier then
     * checks that the key's own token is the one the request carried.
     */
    default Optional<AccessKey> find(String accessKeyId, String sessionToken) {
        return find(accessKeyId);
    }

    /** A fixed set of keys. */
    static CredentialStore of(AccessKey... keys) {
        Map<String, AccessKey> byId = Stream.of(keys).collect(Collectors.toUnmodifiableMap(AccessKey::accessKeyId,
                Function.identity()));
        return accessKeyId -> Optional.ofNullable(byId.get(accessKeyId));
    }
}
