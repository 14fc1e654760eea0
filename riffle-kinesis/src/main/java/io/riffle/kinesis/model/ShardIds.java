package io.riffle.kinesis.model;

/**
 * Reads a shard id as Kinesis reads one: by its number, not its spelling. {@code shardId-000000000005},
 * {@code shardId-5}, {@code shard-5}, {@code anything-5} and {@code 5} all name the shard with index 5
 * (whose full id, {@link ShardInfo#shardId(int)}, answers and error messages then name).
 *
 * <p>The rule, as kinesalite records Kinesis' behaviour: the text after the first {@code -} (the whole text
 * when it has none, or nothing follows the {@code -}) is the shard's decimal index, leading zeros allowed,
 * below 2^31. Anything else names no shard ({@code -1}), so the operation answers that the shard does not
 * exist, naming the text as given. Unlike kinesalite (JavaScript's {@code parseInt}), trailing characters
 * after the digits ({@code shardId-5x}) are not ignored: no recorded Kinesis answer shows that leniency.
 */
public final class ShardIds {

    private ShardIds() {
    }

    /** The shard index the text names, or -1 when it names none. */
    public static int resolve(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        int dash = text.indexOf('-');
        String number = text;
        if (dash >= 0) {
            int end = text.indexOf('-', dash + 1);
            String part = text.substring(dash + 1, end < 0 ? text.length() : end);
            number = part.isEmpty() ? text : part;
        }
        if (number.isEmpty() || number.length() > 40) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) value;
    }

    /** The full id of the shard the text names, or the text itself when it names none. */
    public static String canonical(String text) {
        int index = resolve(text);
        return index < 0 ? text : ShardInfo.shardId(index);
    }
}
