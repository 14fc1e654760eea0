package io.riffle.kinesis.control;

import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisException;
import java.util.Map;

/**
 * Kinesis' checks of tag keys and values, in its order and words (as kinesalite recorded them from
 * the service): first the character set (Unicode letters and digits, the space, and {@code _ . / = + - % @ :});
 * then {@code %}, which that set admits but AddTagsToStream refuses with a message of its own. A tab,
 * a newline, {@code ;} or {@code ,} fail the first check. Pure: no state, no I/O.
 */
public final class TagRules {

    private static final String SYMBOLS = " _./=+-%@:";

    private TagRules() {
    }

    /** Throws Kinesis' InvalidArgumentException when a key or value of {@code tags} is refused. */
    public static void check(Map<String, String> tags, String stream, String accountId) {
        if (tags == null) {
            return;
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!hasValidCharacters(tag.getKey()) || !hasValidCharacters(tag.getValue())) {
                throw KinesisError.INVALID_ARGUMENT.exception("Some tags contain invalid characters. Valid characters: "
                        + "Unicode letters, digits, white space, _ . / = + - % @ :.");
            }
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().indexOf('%') >= 0 || tag.getValue() != null && tag.getValue().indexOf('%') >= 0) {
                throw illegalCharacters(stream, accountId);
            }
        }
    }

    static boolean hasValidCharacters(String text) {
        return text == null || text.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || SYMBOLS.indexOf(c) >= 0);
    }

    private static KinesisException illegalCharacters(String stream, String accountId) {
        return KinesisError.INVALID_ARGUMENT.exception("Failed to add tags to stream " + stream + " under account "
                + accountId + " because some tags contained illegal characters. The allowed characters are "
                + "Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.");
    }
}
