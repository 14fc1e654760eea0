package io.riffle.sts;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.auth.AccessKey;
import java.time.format.DateTimeFormatter;

/**
 * STS's query-protocol answers: {@code <XResponse><XResult>...</XResult><ResponseMetadata>} and
 * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>}, in XML.
 */
final class StsXml {
    static final String CONTENT_TYPE = "text/xml";
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + StsService.VERSION + "/";

    private StsXml() {
    }

    /** {@code action}'s answer (200) around {@code result}, the elements inside its Result. */
    static AwsAnswer result(String action, String result, String requestId) {
        return AwsAnswer.of(200, CONTENT_TYPE, "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n"
                + "  <" + action + "Result>\n"
                + result
                + "  </" + action + "Result>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</" + action + "Response>\n");
    }

    /** A sender's error. */
    static AwsAnswer error(int status, String code, String message, String requestId) {
        return AwsAnswer.of(status, CONTENT_TYPE, "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error>\n"
                + "    <Type>Sender</Type>\n"
                + "    <Code>" + code + "</Code>\n"
                + "    <Message>" + escape(message) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n"
                + "</ErrorResponse>\n");
    }

    /** {@code <name>text</name>} at {@code indent} spaces, text escaped. */
    static String element(int indent, String name, String text) {
        return " ".repeat(indent) + "<" + name + ">" + escape(text) + "</" + name + ">\n";
    }

    /** The {@code <Credentials>} of temporary credentials, as GetSessionToken and AssumeRole answer them. */
    static String credentials(AccessKey key) {
        return "    <Credentials>\n"
                + element(6, "AccessKeyId", key.accessKeyId())
                + element(6, "SecretAccessKey", key.secretAccessKey())
                + element(6, "SessionToken", key.sessionToken())
                + element(6, "Expiration", DateTimeFormatter.ISO_INSTANT.format(key.expiresAt()))
                + "    </Credentials>\n";
    }

    /** Text content: quotes stay as they are (AWS's messages quote values with them). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
