package io.riffle.storage.engine;

import io.riffle.storage.io.FileHandle;
import io.riffle.storage.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded cache of open files, so 10,000 shards do not hold 10,000 descriptors. Handles are
 * leased: a leased handle is never closed under its user; an evicted one closes when its last
 * lease ends. Thread-safe (one monitor; held only for map work, never for I/O).
 */
final class HandleCache {
    private static final Logger log = LoggerFactory.getLogger(HandleCache.class);

    private final FileIO io;
    private final int maxOpen;
    private final LinkedHashMap<Path, Entry> open = new LinkedHashMap<>(64, 0.75f, true);

    HandleCache(FileIO io, int maxOpen) {
        this.io = io;
        this.maxOpen = maxOpen;
    }

    /** A leased handle; closing the lease releases it. */
    final class Lease implements AutoCloseable {
        private final Entry entry;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        FileHandle handle() {
            return entry.handle;
        }

        @Override
        public void close() {
            release(entry);
        }
    }

    private static final class Entry {
        final Path path;
        final FileHandle handle;
        int leases;
        boolean evicted;

        Entry(Path path, FileHandle handle) {
            this.path = path;
            this.handle = handle;
        }
    }

    /** Leases the file's handle, opening it (creating it when {@code create}) if needed. */
    Lease acquire(Path path, boolean create) throws IOException {
        synchronized (this) {
            Entry e = open.get(path);
            if (e != null) {
                e.leases++;
                return new Lease(e);
            }
        }
        FileHandle handle = io.open(path, create);
        List<Entry> toClose = new ArrayList<>();
        Lease lease;
        synchronized (this) {
            Entry e = open.get(path);
            if (e != null) {
                toClose.add(new Entry(path, handle)); // lost a race: keep the first
            } else {
                e = new Entry(path, handle);
                open.put(path, e);
            }
            e.leases++;
            lease = new Lease(e);
            Iterator<Entry> it = open.values().iterator();
            while (open.size() > maxOpen && it.hasNext()) {
                Entry victim = it.next();
                if (victim == e) {
                    continue;
                }
                it.remove();
                victim.evicted = true;
                if (victim.leases == 0) {
                    toClose.add(victim);
                }
            }
        }
        toClose.forEach(HandleCache::closeQuietly);
        return lease;
    }

    private void release(Entry e) {
        boolean close;
        synchronized (this) {
            e.leases--;
            close = e.evicted && e.leases == 0;
        }
        if (close) {
            closeQuietly(e);
        }
    }

    /** Closes the file's handle (when its leases end), e.g. before the file is deleted. */
    void forget(Path path) {
        Entry e;
        synchronized (this) {
            e = open.remove(path);
            if (e == null) {
                return;
            }
            e.evicted = true;
            if (e.leases > 0) {
                return;
            }
        }
        closeQuietly(e);
    }

    synchronized int openCount() {
        return open.size();
    }

    void closeAll() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(open.values());
            all.forEach(e -> e.evicted = true);
            open.clear();
        }
        for (Entry e : all) {
            if (e.leases == 0) {
                closeQuietly(e);
            }
        }
    }

    private static void closeQuietly(Entry e) {
        try {
            e.handle.close();
        } catch (IOException ex) {
            log.warn("closing {} failed: {}", e.path, ex.toString());
        }
    }

    @Override
    public String toString() {
        return "HandleCache" + Map.of("open", openCount(), "max", maxOpen);
    }
}
