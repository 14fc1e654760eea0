package io.riffle.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QuerySignatureTest {
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=abc";
    private static final String COMPLETE = "/?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fkinesis%2Faws4_request&X-Amz-Date=20260101T000000Z"
            + "&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=abc";

    private static AwsRequest post(String uri, boolean withHeader) {
        return AwsRequest.of("POST", uri, withHeader ? Map.of("Authorization", AUTHORIZATION) : Map.of(), new byte[0]);
    }

    @Test
    void tellsTheFormsApart() {
        assertThat(QuerySignature.formOf(post("/", false))).isEqualTo(QuerySignature.Form.NONE);
        assertThat(QuerySignature.formOf(post("/", true))).isEqualTo(QuerySignature.Form.HEADER);
        assertThat(QuerySignature.formOf(post(COMPLETE, false))).isEqualTo(QuerySignature.Form.QUERY);
        assertThat(QuerySignature.formOf(post(COMPLETE, true))).isEqualTo(QuerySignature.Form.BOTH);
        // an empty X-Amz-Algorithm still signs with the query string, as Kinesis reads it
        assertThat(QuerySignature.formOf(post("/?X-Amz-Algorithm", true))).isEqualTo(QuerySignature.Form.BOTH);
        assertThat(QuerySignature.formOf(post("/?X-Amz-Algorithm", false))).isEqualTo(QuerySignature.Form.INCOMPLETE_QUERY);
        // other X-Amz-* parameters without the algorithm do not
        assertThat(QuerySignature.formOf(post("/?X-Amz-Credential=a", false))).isEqualTo(QuerySignature.Form.NONE);
    }

    @Test
    void refusesBothFormsAndIncompleteQueriesInKinesisWords() {
        assertThat(QuerySignature.refusal(post(COMPLETE, true))).isEqualTo(new AuthFailure("InvalidSignatureException",
                400, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."));
        assertThat(QuerySignature.refusal(post("/?X-Amz-Algorithm", false))).isEqualTo(new AuthFailure(
                "IncompleteSignatureException", 400, "AWS query-string parameters must include 'X-Amz-Algorithm'. "
                + "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include "
                + "'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string "
                + "parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."));
        assertThat(QuerySignature.refusal(post(COMPLETE.replace("&X-Amz-Signature=abc", "&X-Amz-Signature="), false))
                .message()).isEqualTo("AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the "
                + "query-string parameters.");
        assertThat(QuerySignature.refusal(post(COMPLETE, false))).isNull();
        assertThat(QuerySignature.refusal(post("/", true))).isNull();
        assertThat(QuerySignature.refusal(post("/", false))).isNull();
    }
}
