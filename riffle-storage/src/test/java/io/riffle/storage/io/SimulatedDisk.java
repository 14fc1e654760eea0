package io.riffle.storage.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * An in-memory disk that knows what is durable. Each file keeps its current bytes and the bytes
 * its last successful sync made durable; each directory entry (create, rename, delete) becomes
 * durable only when its directory is synced. {@link #powerLoss} throws away everything else, as
 * a power cut would (which {@code kill -9} cannot show: the page cache survives a process).
 *
 * <p>Faults on demand: failing syncs, a capacity that makes writes fail with "No space left on
 * device", and syncs that block until released (to show that readers wait for durability).
 * Handles opened before a power loss fail afterwards, like a process that did not survive it.
 */
public final class SimulatedDisk implements FileIO {

    /** What a power loss does with bytes written after a file's last sync. */
    public enum TailFate {
        /** All of them vanish. */
        DROP,
        /** A seeded random prefix of them survives, its last bytes sometimes garbled (torn sector). */
        RANDOM_PREFIX
    }

    private static final class Inode {
        byte[] data = new byte[0];
        int size;
        byte[] durable = new byte[0];
    }

    private final Map<Path, Inode> files = new HashMap<>();
    private final Map<Path, Inode> durableFiles = new HashMap<>();
    private final Set<Path> dirs = new HashSet<>();
    private final Set<Path> durableDirs = new HashSet<>();
    private long capacityBytes = Long.MAX_VALUE;
    private int failingSyncs;
    private boolean syncsHeld;
    private int syncsWaiting;
    private String heldWriteSuffix;
    private int writesWaiting;
    private int generation;
    private long syncCount;
    private boolean down;

    public SimulatedDisk() {
        dirs.add(Path.of("/"));
        durableDirs.add(Path.of("/"));
    }

    private static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }

    @Override
    public synchronized FileHandle open(Path file, boolean create) throws IOException {
        checkUp();
        Path p = norm(file);
        Inode inode = files.get(p);
        if (inode == null) {
            if (!create) {
                throw new NoSuchFileException(p.toString());
            }
            if (!dirs.contains(p.getParent())) {
                throw new NoSuchFileException(p.getParent().toString(), null, "no such directory");
            }
            if (dirs.contains(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "is a directory");
            }
            inode = new Inode();
            files.put(p, inode);
        }
        return new Handle(p, inode, generation);
    }

    @Override
    public synchronized boolean exists(Path path) {
        Path p = norm(path);
        return files.containsKey(p) || dirs.contains(p);
    }

    @Override
    public synchronized List<String> list(Path dir) {
        Path d = norm(dir);
        TreeSet<String> names = new TreeSet<>();
        for (Path p : files.keySet()) {
            if (d.equals(p.getParent())) {
                names.add(p.getFileName().toString());
            }
        }
        for (Path p : dirs) {
            if (d.equals(p.getParent())) {
                names.add(p.getFileName().toString());
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public synchronized void createDirectories(Path dir) throws IOException {
        checkUp();
        for (Path p = norm(dir); p != null && !dirs.contains(p); p = p.getParent()) {
            dirs.add(p);
        }
    }

    @Override
    public synchronized void delete(Path path) throws IOException {
        checkUp();
        Path p = norm(path);
        if (files.remove(p) != null) {
            return;
        }
        if (dirs.contains(p)) {
            if (!list(p).isEmpty()) {
                throw new IOException("directory not empty: " + p);
            }
            dirs.remove(p);
        }
    }

    @Override
    public synchronized void rename(Path source, Path target) throws IOException {
        checkUp();
        Inode inode = files.remove(norm(source));
        if (inode == null) {
            throw new NoSuchFileException(source.toString());
        }
        files.put(norm(target), inode);
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        checkUp();
        Path d = norm(dir);
        if (!dirs.contains(d)) {
            throw new NoSuchFileException(d.toString());
        }
        durableFiles.keySet().removeIf(p -> d.equals(p.getParent()) && !files.containsKey(p));
        files.forEach((p, inode) -> {
            if (d.equals(p.getParent())) {
                durableFiles.put(p, inode);
            }
        });
        durableDirs.removeIf(p -> d.equals(p.getParent()) && !dirs.contains(p));
        for (Path p : dirs) {
            if (d.equals(p.getParent())) {
                durableDirs.add(p);
            }
        }
        durableDirs.add(d); // a directory one syncs exists
    }

    /**
     * Cuts the power: the namespace reverts to its synced state and every file to its synced
     * bytes (plus, for {@link TailFate#RANDOM_PREFIX}, part of its unsynced tail). Open handles die.
     */
    public synchronized void powerLoss(TailFate fate, Random random) {
        generation++;
        down = true;
        files.clear();
        files.putAll(durableFiles);
        dirs.clear();
        dirs.addAll(durableDirs);
        for (Inode inode : new HashSet<>(files.values())) {
            int keep = inode.durable.length;
            byte[] next = Arrays.copyOf(inode.durable, keep);
            if (fate == TailFate.RANDOM_PREFIX && inode.size > keep && random.nextBoolean()) {
                int extra = random.nextInt(inode.size - keep + 1);
                next = Arrays.copyOf(inode.durable, keep + extra);
                System.arraycopy(inode.data, keep, next, keep, extra);
                if (extra > 0 && random.nextInt(4) == 0) {
                    next[keep + extra - 1 - random.nextInt(Math.min(extra, 16))] ^= (byte) (1 + random.nextInt(255));
                }
            }
            inode.data = next;
            inode.size = next.length;
        }
        syncsHeld = false;
        notifyAll();
    }

    /** Power comes back after {@link #powerLoss}: the disk works again (old handles stay dead). */
    public synchronized void powerOn() {
        down = false;
    }

    private void checkUp() throws IOException {
        if (down) {
            throw new IOException("simulated power loss: the disk is down");
        }
    }

    /** The next {@code count} file syncs fail with an I/O error. */
    public synchronized void failNextSyncs(int count) {
        failingSyncs = count;
    }

    /** Writes that would make the disk hold more than this fail with "No space left on device". */
    public synchronized void capacityBytes(long capacity) {
        capacityBytes = capacity;
    }

    public synchronized long usedBytes() {
        long used = 0;
        for (Inode inode : new HashSet<>(files.values())) {
            used += inode.size;
        }
        return used;
    }

    @Override
    public synchronized long usableBytes(Path path) {
        return capacityBytes == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, capacityBytes - usedBytes());
    }

    /** While held, file syncs block (nothing becomes durable, nothing is acknowledged under fsync). */
    public synchronized void holdSyncs(boolean hold) {
        syncsHeld = hold;
        notifyAll();
    }

    /** Waits until a sync is held by {@link #holdSyncs}: its file's writes have all been made. */
    public synchronized void awaitHeldSync() throws InterruptedException {
        while (syncsWaiting == 0) {
            wait();
        }
    }

    /** While set, writes to files whose name ends with {@code suffix} block; null lets them go. */
    public synchronized void holdWritesTo(String suffix) {
        heldWriteSuffix = suffix;
        notifyAll();
    }

    /** Waits until a write is held by {@link #holdWritesTo}. */
    public synchronized void awaitHeldWrite() throws InterruptedException {
        while (writesWaiting == 0) {
            wait();
        }
    }

    /** Waits until more than {@code count} file syncs have completed. */
    public synchronized void awaitSyncCountAbove(long count) throws InterruptedException {
        while (syncCount <= count) {
            wait();
        }
    }

    public synchronized long syncCount() {
        return syncCount;
    }

    /** Overwrites bytes of a file in place, durable at once (for corruption tests). */
    public synchronized void corrupt(Path file, long offset, byte[] bytes) throws IOException {
        Inode inode = files.get(norm(file));
        if (inode == null) {
            throw new NoSuchFileException(file.toString());
        }
        System.arraycopy(bytes, 0, inode.data, (int) offset, bytes.length);
        inode.durable = Arrays.copyOf(inode.data, inode.size);
    }

    private final class Handle implements FileHandle {
        private final Path path;
        private final Inode inode;
        private final int openedIn;
        private boolean closed;

        Handle(Path path, Inode inode, int openedIn) {
            this.path = path;
            this.inode = inode;
            this.openedIn = openedIn;
        }

        private void check() throws IOException {
            checkUp();
            if (closed) {
                throw new IOException("handle closed: " + path);
            }
            if (openedIn != generation) {
                throw new IOException("simulated power loss: " + path + " was opened before it");
            }
        }

        @Override
        public void write(ByteBuffer source, long position) throws IOException {
            synchronized (SimulatedDisk.this) {
                check();
                while (heldWriteSuffix != null && path.getFileName().toString().endsWith(heldWriteSuffix)) {
                    writesWaiting++;
                    SimulatedDisk.this.notifyAll();
                    try {
                        SimulatedDisk.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while writes are held");
                    } finally {
                        writesWaiting--;
                    }
                    check();
                }
                int length = source.remaining();
                long newSize = Math.max(inode.size, position + length);
                if (usedBytes() + (newSize - inode.size) > capacityBytes) {
                    throw new IOException("No space left on device (simulated, writing " + path + ")");
                }
                if (newSize > inode.data.length) {
                    inode.data = Arrays.copyOf(inode.data, (int) Math.max(newSize, inode.data.length * 2L));
                }
                if (position > inode.size) {
                    Arrays.fill(inode.data, inode.size, (int) position, (byte) 0);
                }
                source.get(inode.data, (int) position, length);
                inode.size = (int) newSize;
            }
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            synchronized (SimulatedDisk.this) {
                check();
                if (position >= inode.size) {
                    return 0;
                }
                int n = (int) Math.min(target.remaining(), inode.size - position);
                target.put(inode.data, (int) position, n);
                return n;
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (SimulatedDisk.this) {
                check();
                return inode.size;
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (SimulatedDisk.this) {
                check();
                if (size < inode.size) {
                    inode.size = (int) size;
                }
            }
        }

        @Override
        public void sync() throws IOException {
            synchronized (SimulatedDisk.this) {
                check();
                while (syncsHeld) {
                    syncsWaiting++;
                    SimulatedDisk.this.notifyAll();
                    try {
                        SimulatedDisk.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while syncs are held");
                    } finally {
                        syncsWaiting--;
                    }
                    check();
                }
                syncCount++;
                SimulatedDisk.this.notifyAll();
                if (failingSyncs > 0) {
                    failingSyncs--;
                    throw new IOException("Input/output error (simulated fsync failure of " + path + ")");
                }
                inode.durable = Arrays.copyOf(inode.data, inode.size);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
