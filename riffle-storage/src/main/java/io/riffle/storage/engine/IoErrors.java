package io.riffle.storage.engine;

import java.io.IOException;

/** Classifies I/O failures: a full disk is reported on its own, since freeing space fixes it. */
final class IoErrors {
    private IoErrors() {
    }

    static boolean isDiskFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
