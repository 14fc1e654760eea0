package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    @Test
    void recognisesTheTwoFormatsIgnoringParametersBlanksAndCase() {
        assertThat(WireFormat.fromContentType("application/x-amz-json-1.1")).contains(WireFormat.JSON);
        assertThat(WireFormat.fromContentType("application/x-amz-cbor-1.1")).contains(WireFormat.CBOR);
        assertThat(WireFormat.fromContentType("   application/x-amz-json-1.1   ;whatever")).contains(WireFormat.JSON);
        assertThat(WireFormat.fromContentType("application/x-amz-json-1.1; charset=utf-8")).contains(WireFormat.JSON);
        assertThat(WireFormat.fromContentType("Application/X-Amz-Cbor-1.1")).contains(WireFormat.CBOR);
    }

    @Test
    void otherContentTypesAreNotWireFormats() {
        assertThat(WireFormat.fromContentType(null)).isEqualTo(Optional.empty());
        assertThat(WireFormat.fromContentType("")).isEmpty();
        assertThat(WireFormat.fromContentType("application/x-amz-json-1.0")).isEmpty();
        assertThat(WireFormat.fromContentType("application/json")).isEmpty();
        assertThat(WireFormat.fromContentType("application/x-amz-json-1.1asdf")).isEmpty();
    }

    @Test
    void mediaTypeStripsParameters() {
        assertThat(WireFormat.mediaType("     application/json     ;")).isEqualTo("application/json");
        assertThat(WireFormat.mediaType(null)).isEmpty();
        assertThat(WireFormat.JSON.contentType()).isEqualTo("application/x-amz-json-1.1");
        assertThat(WireFormat.CBOR.contentType()).isEqualTo("application/x-amz-cbor-1.1");
    }
}
