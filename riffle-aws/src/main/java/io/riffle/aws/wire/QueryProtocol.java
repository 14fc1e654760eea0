package io.riffle.aws.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The awsQuery protocol's answers (STS, IAM): form in (see {@link QueryInput}), XML out.
 * <pre>
 *   &lt;AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"&gt;
 *     &lt;AssumeRoleResult&gt; ...the output's members... &lt;/AssumeRoleResult&gt;
 *     &lt;ResponseMetadata&gt;&lt;RequestId&gt;...&lt;/RequestId&gt;&lt;/ResponseMetadata&gt;
 *   &lt;/AssumeRoleResponse&gt;
 *
 *   &lt;ErrorResponse xmlns="..."&gt;
 *     &lt;Error&gt;&lt;Type&gt;Sender&lt;/Type&gt;&lt;Code&gt;...&lt;/Code&gt;&lt;Message&gt;...&lt;/Message&gt;&lt;/Error&gt;
 *     &lt;RequestId&gt;...&lt;/RequestId&gt;
 *   &lt;/ErrorResponse&gt;
 * </pre>
 * Timestamps are ISO 8601 (UTC, milliseconds when there are any), blobs base64, booleans {@code true}/{@code false}.
 */
public final class QueryProtocol {
    private QueryProtocol() {
    }

    /** An operation's answer; {@code result} writes the output's members inside the result wrapper. */
    public static byte[] response(String operation, String resultWrapper, String xmlns, String requestId,
                                  Consumer<XmlWriter> result) {
        XmlWriter w = new XmlWriter();
        w.start(operation + "Response", xmlns);
        if (resultWrapper != null) {
            w.start(resultWrapper);
            result.accept(w);
            w.end(resultWrapper);
        }
        w.start("ResponseMetadata").element("RequestId", requestId).end("ResponseMetadata");
        w.end(operation + "Response");
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An error's answer ({@code Sender} for a 4xx, {@code Receiver} otherwise). */
    public static byte[] error(AwsServiceException error, String xmlns, String requestId) {
        XmlWriter w = new XmlWriter();
        w.start("ErrorResponse", xmlns).start("Error")
                .element("Type", error.status() < 500 ? "Sender" : "Receiver")
                .element("Code", error.type());
        if (error.getMessage() != null) {
            w.element("Message", error.getMessage());
        }
        w.end("Error").element("RequestId", requestId).end("ErrorResponse");
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String timestamp(Instant value) {
        return DateTimeFormatter.ISO_INSTANT.format(value);
    }

    public static String blob(Blob value) {
        return Base64.getEncoder().encodeToString(value.toByteArray());
    }
}
