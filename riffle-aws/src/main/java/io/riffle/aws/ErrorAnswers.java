package io.riffle.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the error an answer carries, whichever service and protocol made it: {@code x-amzn-ErrorType},
 * else the body's {@code __type} and {@code message} (JSON, CBOR) or {@code Code} and {@code Message}
 * (query XML). For the audit log, and for the {@code x-amzn-ErrorType} of an authentication refusal a
 * service answered itself.
 */
public final class ErrorAnswers {
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private ErrorAnswers() {
    }

    /** The answer's error code and message, or nulls when it succeeded. */
    public static String[] errorOf(AwsAnswer answer) {
        if (answer.status() < 400) {
            return new String[] {null, null};
        }
        String code = answer.headers().get("x-amzn-ErrorType");
        String message = null;
        if (answer.body() instanceof AwsAnswer.Whole whole && whole.bytes().readableBytes() <= MAX_ERROR_BODY_BYTES) {
            ByteBuf bytes = whole.bytes();
            String contentType = Objects.requireNonNullElse(answer.headers().get("Content-Type"), "")
                    .toLowerCase(Locale.ROOT);
            byte[] body = ByteBufUtil.getBytes(bytes, bytes.readerIndex(), bytes.readableBytes(), false);
            if (contentType.contains("xml")) {
                String text = new String(body, StandardCharsets.UTF_8);
                Matcher codeMatch = XML_CODE.matcher(text);
                Matcher messageMatch = XML_MESSAGE.matcher(text);
                code = code != null ? code : codeMatch.find() ? codeMatch.group(1) : null;
                message = messageMatch.find() ? messageMatch.group(1) : null;
            } else if (contentType.contains("json") || contentType.contains("cbor")) {
                try (JsonParser parser = (contentType.contains("cbor") ? CBOR : JSON).createParser(body)) {
                    if (parser.nextToken() == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            parser.nextToken();
                            if (name.equals("__type") && code == null) {
                                code = parser.getText();
                            } else if (name.equalsIgnoreCase("message")) {
                                message = parser.getText();
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the code stays what the header said
                }
            }
        }
        if (code != null) {
            code = code.substring(code.lastIndexOf('#') + 1);
            int colon = code.indexOf(':');
            code = colon < 0 ? code : code.substring(0, colon);
        }
        return new String[] {code != null ? code : "HTTP" + answer.status(), message};
    }

    /** Sets {@code x-amzn-ErrorType} on an error answer that lacks it, from its body; returns the answer. */
    public static AwsAnswer withErrorType(AwsAnswer answer) {
        if (answer.status() >= 400 && !answer.headers().contains(RoutingFailure.ERROR_TYPE_HEADER)) {
            String code = errorOf(answer)[0];
            if (code != null && !code.startsWith("HTTP")) {
                answer.headers().set(RoutingFailure.ERROR_TYPE_HEADER, code);
            }
        }
        return answer;
    }
}
