package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.kinesis.protocol.KinesisException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagRulesTest {

    private static final String INVALID = "Some tags contain invalid characters. Valid characters: Unicode letters, "
            + "digits, white space, _ . / = + - % @ :.";

    @Test
    void lettersDigitsSpaceAndKinesisSymbolsPass() {
        assertThatCode(() -> TagRules.check(Map.of("Team name_1./=+-@:", "Zürich 東京 ß"), "s", "000000000000"))
                .doesNotThrowAnyException();
        assertThatCode(() -> TagRules.check(Map.of("empty", ""), "s", "000000000000")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b", "a,b", "a\tb", "a\nb", "a*b", "a#b", "a!b"})
    void otherCharactersAreInvalidInKeysAndValues(String text) {
        assertThatThrownBy(() -> TagRules.check(Map.of(text, "v"), "s", "000000000000"))
                .isInstanceOf(KinesisException.class).hasMessage(INVALID);
        assertThatThrownBy(() -> TagRules.check(Map.of("k", text), "s", "000000000000"))
                .isInstanceOf(KinesisException.class).hasMessage(INVALID);
    }

    @Test
    void percentHasItsOwnMessageAfterTheCharacterCheck() {
        assertThatThrownBy(() -> TagRules.check(Map.of("k", "50%"), "orders", "000000000000"))
                .isInstanceOf(KinesisException.class)
                .hasMessage("Failed to add tags to stream orders under account 000000000000 because some tags "
                        + "contained illegal characters. The allowed characters are Unicode letters, white-spaces, "
                        + "'_',',','/','=','+','-','@',':'.");
        // a tag with a character outside the set is reported first, even after one with %
        assertThatThrownBy(() -> TagRules.check(new java.util.TreeMap<>(Map.of("a%", "v", "b;", "v")), "s", "0"))
                .hasMessage(INVALID);
    }
}
