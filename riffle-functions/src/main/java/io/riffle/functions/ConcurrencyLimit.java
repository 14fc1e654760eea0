package io.riffle.functions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code limit} tasks of one function run at once; the others wait in arrival order and start as running
 * ones finish. Nothing blocks: a task is a supplier of a future, started on the thread that frees its slot.
 * Thread-safe (one lock, held only to count and queue).
 */
final class ConcurrencyLimit {
    private final int limit;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;
    private boolean isClosed;

    ConcurrencyLimit(int limit) {
        this.limit = limit;
    }

    /** Runs {@code task} now if a slot is free, else once one is; {@code onClosed} answers when closed first. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task, Supplier<T> onClosed) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> running;
            try {
                running = task.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((value, failure) -> {
                release();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        };
        boolean startNow;
        synchronized (this) {
            if (isClosed) {
                result.complete(onClosed.get());
                return result;
            }
            startNow = running < limit;
            if (startNow) {
                running++;
            } else {
                waiting.add(() -> {
                    if (isClosedNow()) {
                        result.complete(onClosed.get());
                        release();
                    } else {
                        start.run();
                    }
                });
            }
        }
        if (startNow) {
            start.run();
        }
        return result;
    }

    private synchronized boolean isClosedNow() {
        return isClosed;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run(); // the freed slot passes to it
        }
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    /** Refuses new tasks and answers the waiting ones with their {@code onClosed}. */
    void close() {
        List<Runnable> drained;
        synchronized (this) {
            isClosed = true;
            drained = new ArrayList<>(waiting);
            waiting.clear();
            running += drained.size(); // each drained task releases the slot it is answered in
        }
        drained.forEach(Runnable::run);
    }
}
