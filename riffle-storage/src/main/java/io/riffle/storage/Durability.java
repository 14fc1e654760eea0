package io.riffle.storage;

import java.util.Locale;

/** When an append is acknowledged relative to its journal bytes reaching the disk. */
public enum Durability {
    /** Acknowledge only after an fdatasync covered the append (group-committed). The default. */
    FSYNC,
    /** Acknowledge once written; fdatasync the journal every {@code intervalMs}. */
    INTERVAL,
    /**
     * Acknowledge once written; the operating system decides when bytes reach the disk. The records are written
     * once, to their segment; the journal confirms each batch by its header alone. An acknowledged append survives
     * the server process's crash (kill -9: the page cache stays), not the machine's (power loss, kernel panic):
     * then recovery keeps what the disk holds of each log up to its first missing batch, and reports the cut.
     */
    NONE;

    /** Parses {@code fsync}, {@code interval} or {@code none}, with a message naming the choices. */
    public static Durability parse(String text) {
        for (Durability d : values()) {
            if (d.name().equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown durability '" + text + "': use fsync (default), interval or none");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
