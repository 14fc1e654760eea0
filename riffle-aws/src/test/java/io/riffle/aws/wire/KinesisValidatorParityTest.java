package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.riffle.aws.wire.kinesis.KinesisOperations;
import io.riffle.aws.wire.kinesis.KinesisValidator;
import io.riffle.aws.wire.kinesis.PutRecordsInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated Kinesis validator gives, for the same bad requests, the messages riffle-kinesis's
 * RequestValidator (tree path) gives: {@code wire/kinesis-validation-parity.json} holds requests and the
 * messages that validator produced ({@code wire/CaptureKinesisValidation.java} beside it re-captures them), in
 * JSON and, converted, in CBOR.
 */
class KinesisValidatorParityTest {
    private static final WireCodec CODEC = WireCodec.standard();

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = KinesisValidatorParityTest.class.getResourceAsStream("/wire/kinesis-validation-parity.json")) {
            for (JsonNode c : new ObjectMapper().readTree(in)) {
                String message = c.get("message").isNull() ? null : c.get("message").asText();
                for (WireFormat format : WireFormat.values()) {
                    out.add(Arguments.of(c.get("operation").asText(), format, c.get("body").asText(), message));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void theGeneratedValidatorWordsFailuresAsTheTreeValidator(String operation, WireFormat format, String json,
                                                             String expected) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (format == WireFormat.CBOR) {
            body = new CBORMapper().writeValueAsBytes(new ObjectMapper().readTree(body));
        }
        var op = KinesisOperations.SERVICE.operation(operation).orElseThrow();
        Object input = CODEC.decode(body, format, op.inputReader());

        Violations violations = KinesisValidator.validateAny((WireShape) input);

        assertThat(violations.isEmpty() ? null : violations.message()).isEqualTo(expected);
    }

    @Test
    void aRequestWithViolationsIsAValidationException() {
        Violations violations = KinesisValidator.validate(PutRecordsInput.builder().build());

        assertThatThrownBy(violations::throwIfAny).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("1 validation error detected: Value null at 'records' failed to "
                    + "satisfy constraint: Member must not be null");
        });
    }
}
