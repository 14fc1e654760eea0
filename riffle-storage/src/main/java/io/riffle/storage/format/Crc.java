package io.riffle.storage.format;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C helpers; the JDK's CRC32C uses the CPU's crc32 instruction where there is one. */
public final class Crc {
    private Crc() {
    }

    /** CRC32C of {@code length} bytes of {@code buffer} from absolute index {@code offset}. */
    public static int crc32c(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(offset, length));
        return (int) crc.getValue();
    }
}
