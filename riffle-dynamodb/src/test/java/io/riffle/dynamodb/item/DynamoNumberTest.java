package io.riffle.dynamodb.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.dynamodb.DynamoDbException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DynamoNumberTest {

    private static String normal(String text) {
        return DynamoNumber.format(DynamoNumber.parse(text));
    }

    @Test
    void numbersAreNormalizedAsDynamoDbPrintsThem() {
        assertThat(normal("1.50")).isEqualTo("1.5");
        assertThat(normal("01")).isEqualTo("1");
        assertThat(normal("1e2")).isEqualTo("100");
        assertThat(normal("-0.000")).isEqualTo("0");
        assertThat(normal("+7")).isEqualTo("7");
        assertThat(normal("1E-130")).isEqualTo("0." + "0".repeat(129) + "1");
        assertThat(new AttributeValue.N(new BigDecimal("2.0"))).isEqualTo(new AttributeValue.N(new BigDecimal("2")));
    }

    @Test
    void thirtyEightDigitsFitAndThirtyNineDoNot() {
        assertThat(normal("1".repeat(38))).isEqualTo("1".repeat(38));
        assertThat(normal("1".repeat(38) + "000")).isEqualTo("1".repeat(38) + "000");
        assertThatThrownBy(() -> DynamoNumber.parse("1".repeat(39)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage("Attempting to store more than 38 significant digits in a Number");
        assertThatThrownBy(() -> DynamoNumber.parse("0." + "1".repeat(39)))
                .hasMessage("Attempting to store more than 38 significant digits in a Number");
    }

    @Test
    void magnitudeLimits() {
        assertThat(normal("9.9999999999999999999999999999999999999E+125")).hasSize(126);
        assertThatThrownBy(() -> DynamoNumber.parse("1E+126"))
                .hasMessage("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThatThrownBy(() -> DynamoNumber.parse("-1E+126"))
                .hasMessage("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThatThrownBy(() -> DynamoNumber.parse("1E-131"))
                .hasMessage("Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }

    @Test
    void textThatIsNoNumber() {
        for (String bad : new String[] {"", "abc", "1..2", "0x10", "NaN", "Infinity", "."}) {
            assertThatThrownBy(() -> DynamoNumber.parse(bad)).as(bad)
                    .hasMessage("A value provided cannot be converted into a number");
        }
    }

    @Test
    void arithmeticKeepsTheRules() {
        assertThat(DynamoNumber.add(new BigDecimal("0.1"), new BigDecimal("0.2"))).isEqualTo(new BigDecimal("0.3"));
        assertThatThrownBy(() -> DynamoNumber.add(new BigDecimal("1E+125"), new BigDecimal("1E-10")))
                .hasMessage("Attempting to store more than 38 significant digits in a Number");
    }
}
