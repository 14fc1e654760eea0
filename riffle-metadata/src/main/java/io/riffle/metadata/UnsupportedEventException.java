package io.riffle.metadata;

import java.io.IOException;

/**
 * A stored event or snapshot this build cannot read: a type it does not know, or a version newer
 * than the one it writes (written by a newer Riffle). Opening refuses rather than skipping it,
 * since skipping an event would silently give a different state.
 */
public final class UnsupportedEventException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsupportedEventException(String message) {
        super(message);
    }
}
