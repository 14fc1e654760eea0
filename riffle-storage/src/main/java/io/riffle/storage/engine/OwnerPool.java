package io.riffle.storage.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard-owner threads: a few threads (about one per core), each owning the shards whose
 * index maps to it, so every shard has exactly one writer and no shard costs a thread.
 */
final class OwnerPool {
    private static final Logger log = LoggerFactory.getLogger(OwnerPool.class);

    private final Worker[] workers;

    OwnerPool(int threads) {
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
