package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryXmlWriterTest {

    private static final String STS = "https://sts.amazonaws.com/doc/2011-06-15/";

    @Test
    void writesTheResponseResultAndMetadata() {
        String xml = QueryXmlWriter.response("GetCallerIdentity", STS, "GetCallerIdentityResult")
                .string("Arn", "arn:aws:iam::000000000000:root").string("UserId", null).string("Account", "000000000000")
                .finish("req-1");
        assertThat(xml).isEqualTo("<GetCallerIdentityResponse xmlns=\"" + STS + "\"><GetCallerIdentityResult>"
                + "<Arn>arn:aws:iam::000000000000:root</Arn><Account>000000000000</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
    }

    @Test
    void anOperationWithoutOutputHasNoResult() {
        assertThat(QueryXmlWriter.response("DeleteRole", "ns", null).finish("r")).isEqualTo(
                "<DeleteRoleResponse xmlns=\"ns\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRoleResponse>");
    }

    @Test
    void nestedListsAndScalars() {
        String xml = QueryXmlWriter.response("Op", "ns", "OpResult")
                .start("Roles").start("member").string("RoleName", "r").timestamp("CreateDate",
                        Instant.parse("2026-12-04T05:00:00.123456Z")).end().end()
                .bool("IsTruncated", false).number("Max", 3600).number("Size", new BigDecimal("1E+3"))
                .blob("Data", new byte[] {0, 1, (byte) 0xFF})
                .finish("r");
        assertThat(xml).contains("<OpResult><Roles><member><RoleName>r</RoleName>"
                + "<CreateDate>2026-12-04T05:00:00.123Z</CreateDate></member></Roles><IsTruncated>false</IsTruncated>"
                + "<Max>3600</Max><Size>1000</Size><Data>AAH/</Data></OpResult>");
    }

    @Test
    void textIsEscapedAndCharactersXmlCannotCarryAreReplaced() {
        String xml = QueryXmlWriter.response("Op", "a\"b&", "OpResult")
                .string("T", "<a href=\"x\">&'</a>\r\n\t\u0001\uD83D\uDE00\uD800x").finish("r");
        assertThat(xml).startsWith("<OpResponse xmlns=\"a&quot;b&amp;\">")
                .contains("<T>&lt;a href=\"x\"&gt;&amp;'&lt;/a&gt;&#xD;\n\t\uFFFD\uD83D\uDE00\uFFFDx</T>");
    }

    @Test
    void unbalancedElementsAreRefused() {
        assertThatThrownBy(() -> QueryXmlWriter.response("Op", "ns", "OpResult").end())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QueryXmlWriter.response("Op", "ns", "OpResult").start("A").finish("r"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("A");
    }

    @Test
    void writesTheErrorResponse() {
        assertThat(QueryXmlWriter.errorResponse("ns", true, "NoSuchEntity", "The role with name r cannot be found.", "r-1"))
                .isEqualTo("<ErrorResponse xmlns=\"ns\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>"
                        + "<Message>The role with name r cannot be found.</Message></Error><RequestId>r-1</RequestId>"
                        + "</ErrorResponse>");
        assertThat(QueryXmlWriter.errorResponse("ns", false, "ServiceFailure", null, "r-2"))
                .contains("<Type>Receiver</Type><Code>ServiceFailure</Code></Error>");
    }
}
