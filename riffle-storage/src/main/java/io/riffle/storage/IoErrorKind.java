package io.riffle.storage;

/**
 * The two kinds of failed write an operator acts on differently: a full disk (free space and
 * writes work again) and any other I/O error (look at the disk). Also the {@code kind} label of
 * the I/O error counters.
 */
public enum IoErrorKind {
    DISK_FULL("disk_full"),
    IO_ERROR("io_error");

    private final String label;

    IoErrorKind(String label) {
        this.label = label;
    }

    /** The name in metrics labels and health answers. */
    public String label() {
        return label;
    }

    /**
     * DISK_FULL when the failure or any of its causes says the device or the quota has no space
     * left (ENOSPC, EDQUOT: the JDK only passes on the OS's message), else IO_ERROR.
     */
    public static IoErrorKind of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return DISK_FULL;
            }
        }
        return IO_ERROR;
    }
}
