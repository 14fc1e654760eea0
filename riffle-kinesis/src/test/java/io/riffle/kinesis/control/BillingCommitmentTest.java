package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** The billing commitment's transitions (the API reference: 24 hours at least, an early disable ends it then). */
class BillingCommitmentTest {
    private static final long T = 1_800_000_000_000L;
    private static final long DAY = BillingCommitment.MINIMUM_MS;
    private static final BillingCommitment NEVER = BillingCommitment.of(JsonNodeFactory.instance.objectNode());

    @Test
    void enablingStartsADayLongCommitment() {
        assertThat(NEVER.status()).isEqualTo("DISABLED");
        assertThat(NEVER.isEnabled()).isFalse();
        BillingCommitment on = NEVER.update("ENABLED", T);
        assertThat(on).isEqualTo(new BillingCommitment("ENABLED", T, T + DAY, null));
        assertThat(on.update("ENABLED", T + 5)).as("enabled again: unchanged").isEqualTo(on);
        assertThat(BillingCommitment.of(on.toJson())).as("stored and read back").isEqualTo(on);
    }

    @Test
    void disablingEarlyEndsAtTheEarliestAllowedEndAndEnablingAgainCancelsIt() {
        BillingCommitment on = NEVER.update("ENABLED", T);
        BillingCommitment ending = on.update("DISABLED", T + 1000);
        assertThat(ending).isEqualTo(new BillingCommitment("ENABLED_UNTIL_EARLIEST_ALLOWED_END", T, T + DAY, T + DAY));
        assertThat(ending.at(T + DAY - 1).isEnabled()).isTrue();
        assertThat(ending.at(T + DAY)).isEqualTo(new BillingCommitment("DISABLED", T, T + DAY, T + DAY));
        assertThat(ending.update("ENABLED", T + 2000)).isEqualTo(on);
        assertThat(ending.update("ENABLED", T + DAY + 1)).as("after the end: a new commitment")
                .isEqualTo(new BillingCommitment("ENABLED", T + DAY + 1, T + 2 * DAY + 1, null));
    }

    @Test
    void disablingAfterTheMinimumEndsAtOnce() {
        BillingCommitment off = NEVER.update("ENABLED", T).update("DISABLED", T + DAY);
        assertThat(off).isEqualTo(new BillingCommitment("DISABLED", T, T + DAY, T + DAY));
        assertThat(off.update("DISABLED", T + 2 * DAY)).isEqualTo(off);
    }

    @Test
    void settingsStoredBeforeTheRuleGetTheirEarliestEndFromTheStart() {
        BillingCommitment legacy = BillingCommitment.of(JsonNodeFactory.instance.objectNode().put("Status", "ENABLED")
                .put("StartedAt", T));
        assertThat(legacy.earliestAllowedEndAtMs()).isEqualTo(T + DAY);
    }
}
