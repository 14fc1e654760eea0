package io.riffle.aws.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What clients do wrong, logged without letting them flood the log: each event at DEBUG (one line,
 * no stack trace), and a WARN summary with the count per cause at most once per interval. The
 * first event after a quiet spell schedules the summary one interval later, so a burst (a thousand
 * garbage connections in a second) gives one line. Counts per cause also go to {@code /metrics}.
 *
 * <p>Thread-safe: any event loop records; the summary runs on the given scheduler.
 */
final class ClientProblems {

    private static final Logger log = LoggerFactory.getLogger(ClientProblems.class);

    /** The causes, in the order the summary names them. */
    enum Cause {
        MALFORMED_HTTP("malformed_http", "malformed HTTP/1 requests"),
        PROTOCOL_ERROR("protocol_error", "HTTP/2 or TLS protocol errors"),
        DISCONNECTED("disconnected", "connections reset or broken by the client"),
        HEADER_TIMEOUT("header_timeout", "connections closed after the header timeout"),
        BODY_TIMEOUT("body_timeout", "requests dropped after the body timeout"),
        HTTP2_PREFACE_TIMEOUT("h2_preface_timeout", "HTTP/2 connections closed after the preface timeout"),
        CONNECTION_REFUSED("connection_refused", "connections refused (max-connections reached)"),
        REQUEST_REJECTED("request_rejected", "requests answered 503 (max-buffered-request-bytes reached)");

        private final String label;
        private final String description;

        Cause(String label, String description) {
            this.label = label;
            this.description = description;
        }

        /** The cause's name in metrics. */
        String label() {
            return label;
        }
    }

    private final ScheduledExecutorService scheduler;
    private final long intervalMs;
    private final Map<Cause, LongAdder> sinceSummary = new EnumMap<>(Cause.class);
    private final Map<Cause, LongAdder> total = new EnumMap<>(Cause.class);
    private final AtomicBoolean isSummaryScheduled = new AtomicBoolean();

    /**
     * @param scheduler runs the summaries; one that refuses (shut down) makes {@link #record} log
     *     nothing more than DEBUG
     */
    ClientProblems(ScheduledExecutorService scheduler, long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs must be positive: " + intervalMs);
        }
        this.scheduler = scheduler;
        this.intervalMs = intervalMs;
        for (Cause cause : Cause.values()) {
            sinceSummary.put(cause, new LongAdder());
            total.put(cause, new LongAdder());
        }
    }

    /**
     * Counts one problem and logs it at DEBUG.
     *
     * @param client the client's address (or the connection), for the DEBUG line
     * @param detail what happened, one line (an exception's message, not its stack trace)
     */
    void record(Cause cause, Object client, String detail) {
        sinceSummary.get(cause).increment();
        total.get(cause).increment();
        if (log.isDebugEnabled()) {
            log.debug("{} ({}): {}", cause.description, client, detail);
        }
        if (isSummaryScheduled.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::logSummary, intervalMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Shutting down: close() logs what is left.
            }
        }
    }

    /** How many problems of this cause were recorded since the start. */
    long total(Cause cause) {
        return total.get(cause).sum();
    }

    /** Logs the summary of what is not summarized yet, if anything (on close: the last one). */
    void logSummary() {
        isSummaryScheduled.set(false); // an event from now on schedules the next summary
        String summary = takeSummary();
        if (summary != null) {
            log.warn(summary);
        }
    }

    /**
     * The summary line of the problems since the last one (and resets their counts), or null when
     * there were none.
     */
    String takeSummary() {
        StringBuilder text = null;
        for (Cause cause : Cause.values()) {
            long count = sinceSummary.get(cause).sumThenReset();
            if (count > 0) {
                if (text == null) {
                    text = new StringBuilder("Client problems in the last ").append(seconds(intervalMs))
                            .append(" (each logged at DEBUG by ").append(ClientProblems.class.getName()).append("): ");
                } else {
                    text.append(", ");
                }
                text.append(count).append(' ').append(cause.description);
            }
        }
        return text == null ? null : text.toString();
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
