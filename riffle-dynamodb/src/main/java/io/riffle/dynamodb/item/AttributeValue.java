package io.riffle.dynamodb.item;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value, immutable: S, N, B, BOOL, NULL, M, L, SS, NS, BS. Numbers are
 * normalized ({@link DynamoNumber}), so {@code equals} is DynamoDB's equality; sets compare as sets.
 * {@link AttributeJson} reads and writes them as the JSON protocol carries them.
 */
public sealed interface AttributeValue {

    /** The type's name on the wire: "S", "N", ... */
    String type();

    record S(String value) implements AttributeValue {
        public String type() {
            return "S";
        }
    }

    record N(BigDecimal value) implements AttributeValue {
        public N {
            value = DynamoNumber.check(value);
        }

        public String type() {
            return "N";
        }

        @Override
        public String toString() {
            return DynamoNumber.format(value);
        }
    }

    record B(Bytes value) implements AttributeValue {
        public String type() {
            return "B";
        }
    }

    record Bool(boolean value) implements AttributeValue {
        public String type() {
            return "BOOL";
        }
    }

    record Null() implements AttributeValue {
        public String type() {
            return "NULL";
        }
    }

    record M(Map<String, AttributeValue> value) implements AttributeValue {
        public M {
            value = Collections.unmodifiableMap(new LinkedHashMap<>(value));
        }

        public String type() {
            return "M";
        }
    }

    record L(List<AttributeValue> value) implements AttributeValue {
        public L {
            value = List.copyOf(value);
        }

        public String type() {
            return "L";
        }
    }

    record SS(Set<String> value) implements AttributeValue {
        public SS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        public String type() {
            return "SS";
        }
    }

    record NS(Set<BigDecimal> value) implements AttributeValue {
        public NS {
            LinkedHashSet<BigDecimal> normal = new LinkedHashSet<>();
            value.forEach(v -> normal.add(DynamoNumber.check(v)));
            value = Collections.unmodifiableSet(normal);
        }

        public String type() {
            return "NS";
        }
    }

    record BS(Set<Bytes> value) implements AttributeValue {
        public BS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        public String type() {
            return "BS";
        }
    }

    /** Whether this is a set type (SS, NS, BS). */
    default boolean isSet() {
        return this instanceof SS || this instanceof NS || this instanceof BS;
    }

    /** Binary data, compared as DynamoDB does: unsigned bytes, lexicographically. */
    final class Bytes implements Comparable<Bytes> {
        private final byte[] bytes;

        public Bytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        public static Bytes ofBase64(String base64) {
            return new Bytes(Base64.getDecoder().decode(base64));
        }

        public byte[] toArray() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        public String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public int compareTo(Bytes o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }

        public boolean startsWith(Bytes prefix) {
            return bytes.length >= prefix.bytes.length
                    && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
        }

        @Override
        public String toString() {
            return base64();
        }
    }

    /** Strings compare by their UTF-8 bytes, unsigned, as DynamoDB orders them. */
    static int compareStrings(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The order of key values (S, N, B) and of the comparison operators; values of different types or
     * of other types are not ordered (the caller checks {@link #isOrderedWith}).
     */
    static int compare(AttributeValue a, AttributeValue b) {
        return switch (a) {
            case S s -> compareStrings(s.value(), ((S) b).value());
            case N n -> n.value().compareTo(((N) b).value());
            case B bin -> bin.value().compareTo(((B) b).value());
            default -> throw new IllegalArgumentException("not an ordered type: " + a.type());
        };
    }

    static boolean isOrderedWith(AttributeValue a, AttributeValue b) {
        return (a instanceof S || a instanceof N || a instanceof B) && a.getClass() == b.getClass();
    }
}
