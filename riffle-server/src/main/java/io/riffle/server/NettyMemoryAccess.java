package io.riffle.server;

import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;

/**
 * Whether Netty reaches its buffers' memory through {@code sun.misc.Unsafe}. On JDK 25 and later Netty 4.2 does not,
 * unless the JVM runs with {@code --sun-misc-unsafe-memory-access=allow} (the JDK restricts those methods): it then
 * allocates its direct buffers from a shared memory arena, and every access to them, the read path's encoders'
 * included, pays the arena's checks: about 15% more server CPU per GB read back (docs/benchmarks.md).
 * {@code bin/riffle} passes the option on JDK 23 and later; a server started some other way says what it is missing.
 */
final class NettyMemoryAccess {
    /** The start of the warning; tests look for it. */
    static final String CHECKED_ACCESS = "Netty accesses its buffers without sun.misc.Unsafe";

    private NettyMemoryAccess() {
    }

    static void logAtStart(Logger log) {
        if (PlatformDependent.hasUnsafe()) {
            log.debug("Netty accesses its buffers through sun.misc.Unsafe");
            return;
        }
        Throwable cause = PlatformDependent.getUnsafeUnavailabilityCause();
        log.warn("{} ({}): each request costs more CPU (reading records back about 15% more). Start the JVM with "
                        + "--sun-misc-unsafe-memory-access=allow on JDK 23 and later, as bin/riffle does",
                CHECKED_ACCESS, cause == null ? "not available" : cause.getMessage());
    }
}
