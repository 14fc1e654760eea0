package io.riffle.storage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one log's {@link ShardLog#onPublished}. They run where records are published (the
 * store's commit thread), after those records are durable: one that throws is logged and never fails
 * the appends, which are stored already and would otherwise be retried as duplicates.
 */
public final class PublishListeners {
    private static final Logger log = LoggerFactory.getLogger(PublishListeners.class);

    private final String logId;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public PublishListeners(String logId) {
        this.logId = logId;
    }

    public AutoCloseable add(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tells every listener that more records are readable. */
    public void published() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("log {}: a listener of published records failed (the records are stored): {}", logId,
                        e.toString(), e);
            }
        }
    }
}
