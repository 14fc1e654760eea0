package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstraintTest {

    /** The fast check and the worded one agree on every value: kept exactly when nothing is reported. */
    @Test
    void aValueIsKeptExactlyWhenItBreaksNoConstraint() {
        List<Constraint> constraints = List.of(
                new Constraint(Constraint.Kind.STRING, "1", "256", null, List.of()),
                new Constraint(Constraint.Kind.STRING, "1", "128", "[a-zA-Z0-9_.-]+", List.of()),
                new Constraint(Constraint.Kind.STRING, null, null, null, List.of("TRIM_HORIZON", "LATEST")),
                new Constraint(Constraint.Kind.STRING, "0.5", "2.5", null, List.of()),
                new Constraint(Constraint.Kind.BLOB, "0", "1048576", null, List.of()),
                new Constraint(Constraint.Kind.BLOB, "1", "99999999999999999999999", null, List.of()),
                new Constraint(Constraint.Kind.NUMBER, "1", "10000", null, List.of()),
                new Constraint(Constraint.Kind.NUMBER, "-2.5", "2.5", null, List.of()));
        List<Object> values = new ArrayList<>(List.of("", "a", "ab", "abc", "a b", "x".repeat(128), "x".repeat(129),
                "x".repeat(256), "x".repeat(257), "LATEST", "latest", 0, 1, 2, 3, -3, 10_000, 10_001, 2.5, 2.6, -2.5,
                -2.6, 1L << 40, Blob.wrap(new byte[0]), Blob.wrap(new byte[1]), Blob.wrap(new byte[1_048_576]),
                Blob.wrap(new byte[1_048_577])));
        values.add(null);
        for (Constraint c : constraints) {
            for (Object v : values) {
                assertThat(c.isKeptBy(v)).as("%s against %s", v instanceof String s && s.length() > 9
                        ? s.length() + " characters" : v, c.describe()).isEqualTo(c.failedAny(v).isEmpty());
            }
            for (int size : new int[] {0, 1, 2, 3, 128, 129, 256, 257, 10_000, 10_001, Integer.MAX_VALUE}) {
                assertThat(c.isSizeKept(size)).as("%d items against %s", size, c.describe())
                        .isEqualTo(c.failedSize(size).isEmpty());
            }
        }
    }
}
