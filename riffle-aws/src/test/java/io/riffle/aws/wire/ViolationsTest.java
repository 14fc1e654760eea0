package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViolationsTest {

    @Test
    void withoutKeepsTheViolationsThatAreNotExcused() {
        Violations v = new Violations("x.%s@1");
        v.report("http://a", "url", "Member must satisfy regular expression pattern: https://.*");
        v.missing("name");
        Violations kept = v.without(m -> m.contains("https://"));
        assertThat(kept.messages()).containsExactly("Value null at 'name' failed to satisfy constraint: Member must"
                + " not be null");
        assertThat(kept.message()).startsWith("1 validation error detected: ");
        assertThat(v.messages()).hasSize(2);
        assertThat(v.without(m -> true).isEmpty()).isTrue();
    }
}
