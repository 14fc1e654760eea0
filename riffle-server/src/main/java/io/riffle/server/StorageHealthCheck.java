package io.riffle.server;

import io.riffle.aws.http.HealthCheck;
import io.riffle.storage.IoErrorKind;
import io.riffle.storage.StoreHealth;
import java.time.Instant;

/**
 * {@code GET /health} from the storage's view: degraded while its writes fail, with what failed
 * and since when, e.g. {@code disk full since 2025-01-01T10:00:00Z: journal write to ...: No
 * space left on device}; healthy again once writes succeed.
 */
final class StorageHealthCheck implements HealthCheck {
    private final StoreHealth health;

    StorageHealthCheck(StoreHealth health) {
        this.health = health;
    }

    @Override
    public String problem() {
        return health.problem().map(StorageHealthCheck::reason).orElse(null);
    }

    static String reason(StoreHealth.Problem p) {
        return (p.kind() == IoErrorKind.DISK_FULL ? "disk full" : "I/O error") + " since "
                + Instant.ofEpochMilli(p.sinceMs()) + ": " + p.detail();
    }
}
