package io.riffle.storage.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * One process per data directory: an exclusive OS lock ({@code fcntl}, through
 * {@link FileChannel#tryLock()}) on {@code <dir>/lock}, held for the life of the process and
 * released by the OS however it ends (kill -9 included), so there is no stale lock to clean up.
 * The file holds the holder's PID as decimal text, so a refused process can name it.
 *
 * <p>Take it before anything else in the directory is read or written. A process that is refused
 * changes nothing: the file is opened without truncation and only the holder writes it. The file
 * stays when the lock is released (deleting it would let two processes lock two different files).
 */
public final class DirectoryLock implements AutoCloseable {

    /** The lock file's name inside the directory. */
    public static final String FILE = "lock";
    private static final int MAX_PID_BYTES = 32;

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private final byte[] previousContent; // the previous holder's PID, put back by abandon()

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock, byte[] previousContent) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
        this.previousContent = previousContent;
    }

    /**
     * Locks {@code directory}, creating it (700) and its lock file (600) when missing, and writes
     * this process's PID into the file.
     *
     * @throws HeldElsewhere when another process (or this one) holds the lock
     */
    public static DirectoryLock acquire(Path directory) throws IOException {
        OwnerOnly.createDirectories(directory);
        Path file = directory.resolve(FILE);
        FileChannel channel = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM already holds it
            }
            if (lock == null) {
                throw new HeldElsewhere(directory, readPid(channel));
            }
            byte[] previous = read(channel);
            write(channel, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            return new DirectoryLock(directory, channel, lock, previous);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    /** Whether this object still holds the lock. */
    public boolean isHeld() {
        return lock.isValid();
    }

    /** Releases the lock (the file stays, with the last holder's PID). Idempotent. */
    @Override
    public void close() throws IOException {
        channel.close(); // releases the lock with it
    }

    /**
     * Puts the file's previous content back and releases the lock: for a process that gives up
     * before it changed anything else, so that the directory is as it found it.
     */
    public void abandon() throws IOException {
        try {
            if (channel.isOpen()) {
                write(channel, previousContent);
            }
        } finally {
            close();
        }
    }

    private static void write(FileChannel channel, byte[] content) throws IOException {
        channel.truncate(0);
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
            channel.write(bytes, bytes.position());
        }
    }

    private static byte[] read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_PID_BYTES);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read up to MAX_PID_BYTES: a PID is a few digits
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** The holder's PID as its file says; empty while the holder has not written it yet. */
    private static OptionalLong readPid(FileChannel channel) throws IOException {
        String text = new String(read(channel), StandardCharsets.US_ASCII).strip();
        try {
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Another process holds the directory's lock. */
    public static final class HeldElsewhere extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path directory;
        private final long holderPid; // -1: unknown

        HeldElsewhere(Path directory, OptionalLong holderPid) {
            super(directory + " is in use by another process" + (holderPid.isPresent()
                    ? " (PID " + holderPid.getAsLong() + ")" : ""));
            this.directory = directory;
            this.holderPid = holderPid.orElse(-1);
        }

        public Path directory() {
            return directory;
        }

        /** The holder's PID, when its lock file names one. */
        public OptionalLong holderPid() {
            return holderPid < 0 ? OptionalLong.empty() : OptionalLong.of(holderPid);
        }
    }
}
