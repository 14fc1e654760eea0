package io.riffle.storage.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard-owner threads: a few threads (about one per core), each owning the shards whose
 * index maps to it, so every shard has exactly one writer and no shard costs a thread.
 *
 * <p>Each owner's queue of appends is bounded in bytes ({@code owner-queue-max-bytes}): an append
 * that would take it past the bound is not queued ({@link Admission#BUSY}), so a burst beyond
 * what the disk absorbs costs a retry, not heap. Other tasks (maintenance, fences) are never refused.
 */
final class OwnerPool {
    private static final Logger log = LoggerFactory.getLogger(OwnerPool.class);

    /** What became of a task handed to {@link #executeAppend}. */
    enum Admission { QUEUED, BUSY, STOPPED }

    private final Worker[] workers;
    private final long maxQueuedBytes;

    OwnerPool(int threads, long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
        workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker("riffle-owner-" + i);
            workers[i].start();
        }
    }

    /** The owner thread index for a shard. */
    int ownerOf(String logId) {
        return Math.floorMod(logId.hashCode() * 0x9E3779B9, workers.length);
    }

    private boolean stopped;

    /** Queues a task on an owner thread; false (task not queued) once the pool is stopped. */
    synchronized boolean execute(int owner, Runnable task) {
        if (stopped) {
            return false;
        }
        workers[owner].tasks.add(task);
        return true;
    }

    /**
     * Queues an append of {@code bytes} unless the owner's queue would pass its bound ({@code bounded}
     * false: never refused); the task calls {@link #dequeued} when it starts.
     */
    synchronized Admission executeAppend(int owner, long bytes, boolean bounded, Runnable task) {
        if (stopped) {
            return Admission.STOPPED;
        }
        Worker w = workers[owner];
        long queued = w.queuedBytes.get();
        if (bounded && queued > 0 && queued + bytes > maxQueuedBytes) {
            return Admission.BUSY;
        }
        w.queuedBytes.addAndGet(bytes);
        w.tasks.add(task);
        return Admission.QUEUED;
    }

    /** An append queued by {@link #executeAppend} left the queue: its bytes no longer count. */
    void dequeued(int owner, long bytes) {
        workers[owner].queuedBytes.addAndGet(-bytes);
    }

    /** Bytes of appends queued on an owner right now. */
    long queuedBytes(int owner) {
        return workers[owner].queuedBytes.get();
    }

    /** Completes once every task queued on every owner before this call has run. */
    CompletableFuture<Void> drain() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[workers.length];
        for (int i = 0; i < workers.length; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            if (!execute(i, () -> f.complete(null))) {
                f.complete(null);
            }
            all[i] = f;
        }
        return CompletableFuture.allOf(all);
    }

    void stop() throws InterruptedException {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (Worker w : workers) {
                w.tasks.add(Worker.POISON);
            }
        }
        for (Worker w : workers) {
            w.join();
        }
    }

    private static final class Worker extends Thread {
        static final Runnable POISON = () -> { };
        final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        final AtomicLong queuedBytes = new AtomicLong();

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Runnable task;
                try {
                    task = tasks.take();
                } catch (InterruptedException e) {
                    continue;
                }
                if (task == POISON) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.error("shard owner task failed", e);
                }
            }
        }
    }
}
