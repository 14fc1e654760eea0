package io.riffle.iam;

import io.riffle.aws.Caller;
import io.riffle.aws.auth.AccessKey;
import io.riffle.aws.auth.CredentialStore;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Users' access keys for SigV4 verification: an active key of a user, its secret opened from the
 * log's sealed form, acting as that user. Reads the current {@link IamDirectory} (no lock, no I/O),
 * so a key works as soon as CreateAccessKey has answered and stops once it is deleted or inactive.
 */
final class IamCredentials implements CredentialStore {

    private final String accountId;
    private final Supplier<IamEngine> engine;

    IamCredentials(String accountId, Supplier<IamEngine> engine) {
        this.accountId = accountId;
        this.engine = engine;
    }

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        IamEngine running = engine.get();
        if (running == null) {
            return Optional.empty();
        }
        return running.directory().userOfAccessKey(accessKeyId).flatMap(user -> {
            IamState.Key key = user.keys().get(accessKeyId);
            if (key == null || !key.isActive()) {
                return Optional.empty();
            }
            IamState.Principal identity = user.identity();
            Caller caller = new Caller(accountId, IamNames.arn(accountId, "user", identity.path(), identity.name()),
                    identity.id(), accessKeyId);
            return Optional.of(AccessKey.longTerm(accessKeyId, running.sealer().open(key.sealedSecret()), caller));
        });
    }
}
