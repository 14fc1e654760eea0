package io.riffle.aws.http;

/**
 * What {@code GET /health} asks besides whether the server is stopping: a problem that leaves it
 * unable to do its work (storage that cannot write). Called on an event loop, so it must be cheap.
 */
@FunctionalInterface
public interface HealthCheck {

    /** A healthy server. */
    HealthCheck OK = () -> null;

    /** Why the server is degraded (one line, for operators), or null while it is healthy. */
    String problem();
}
