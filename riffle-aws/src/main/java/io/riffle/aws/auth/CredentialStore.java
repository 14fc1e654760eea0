package io.riffle.aws.auth;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the {@link SigV4Authenticator} finds the secret of an access key id. Called on event loops,
 * so an implementation answers from memory. Today the account root's key; users' keys and STS
 * sessions come later behind the same lookup.
 */
@FunctionalInterface
public interface CredentialStore {

    /** The key with this id, or empty when the server knows none. */
    Optional<AccessKey> find(String accessKeyId);

    /** A fixed set of keys. */
    static CredentialStore of(AccessKey... keys) {
        Map<String, AccessKey> byId = Stream.of(keys).collect(Collectors.toUnmodifiableMap(AccessKey::accessKeyId,
                Function.identity()));
        return accessKeyId -> Optional.ofNullable(byId.get(accessKeyId));
    }
}
