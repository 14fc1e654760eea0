package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.api.MinimumThroughputBillingCommitmentOutput;
import java.time.Instant;

/**
 * The account's MinimumThroughputBillingCommitment as the API reference describes it: enabling
 * starts a commitment of at least 24 hours ({@code EarliestAllowedEndAt}); disabling it earlier
 * schedules the end at that time (ENABLED_UNTIL_EARLIEST_ALLOWED_END, which reads DISABLED once
 * it has passed) and enabling again before then cancels the pending end. Pure: the times are
 * given; the registry keeps it as the JSON of its account event ({@link #toJson}).
 *
 * @param status                 ENABLED, DISABLED or ENABLED_UNTIL_EARLIEST_ALLOWED_END
 * @param startedAtMs            when the commitment began (null: never)
 * @param earliestAllowedEndAtMs when it may end at the earliest (null: never enabled)
 * @param endedAtMs              when it ended, or is scheduled to end (null: not ending)
 */
record BillingCommitment(String status, Long startedAtMs, Long earliestAllowedEndAtMs, Long endedAtMs) {
    static final long MINIMUM_MS = 24 * 3_600_000L;
    static final String ENABLED = "ENABLED";
    static final String DISABLED = "DISABLED";
    static final String ENDING = "ENABLED_UNTIL_EARLIEST_ALLOWED_END";

    /** Reads the stored form; settings stored before the end rule have no EarliestAllowedEndAt (24 h after the start). */
    static BillingCommitment of(ObjectNode stored) {
        Long started = time(stored.path("StartedAt"));
        Long earliest = time(stored.path("EarliestAllowedEndAt"));
        if (earliest == null && started != null) {
            earliest = started + MINIMUM_MS;
        }
        return new BillingCommitment(stored.path("Status").asText(DISABLED), started, earliest,
                time(stored.path("EndedAt")));
    }

    private static Long time(JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("Status", status);
        if (startedAtMs != null) {
            json.put("StartedAt", startedAtMs);
        }
        if (earliestAllowedEndAtMs != null) {
            json.put("EarliestAllowedEndAt", earliestAllowedEndAtMs);
        }
        if (endedAtMs != null) {
            json.put("EndedAt", endedAtMs);
        }
        return json;
    }

    /** As it stands at {@code nowMs}: a scheduled end that has passed is DISABLED. */
    BillingCommitment at(long nowMs) {
        if (status.equals(ENDING) && endedAtMs != null && nowMs >= endedAtMs) {
            return new BillingCommitment(DISABLED, startedAtMs, earliestAllowedEndAtMs, endedAtMs);
        }
        return this;
    }

    boolean isEnabled() {
        return status.equals(ENABLED) || status.equals(ENDING);
    }

    /** UpdateAccountSettings asking for {@code desired} (ENABLED or DISABLED) at {@code nowMs}. */
    BillingCommitment update(String desired, long nowMs) {
        BillingCommitment now = at(nowMs);
        if (desired.equals(ENABLED)) {
            return now.isEnabled() ? new BillingCommitment(ENABLED, startedAtMs, earliestAllowedEndAtMs, null)
                    : new BillingCommitment(ENABLED, nowMs, nowMs + MINIMUM_MS, null);
        }
        if (!now.isEnabled()) {
            return now;
        }
        long earliest = earliestAllowedEndAtMs == null ? nowMs : earliestAllowedEndAtMs;
        return nowMs >= earliest ? new BillingCommitment(DISABLED, startedAtMs, earliestAllowedEndAtMs, nowMs)
                : new BillingCommitment(ENDING, startedAtMs, earliestAllowedEndAtMs, earliest);
    }

    MinimumThroughputBillingCommitmentOutput output() {
        return MinimumThroughputBillingCommitmentOutput.builder().statusAsString(status)
                .startedAt(instant(startedAtMs)).earliestAllowedEndAt(instant(earliestAllowedEndAtMs))
                .endedAt(instant(endedAtMs)).build();
    }

    private static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
