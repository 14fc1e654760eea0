package io.riffle.aws.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

/**
 * A JSON parser over a body held in one array, which can hand out a string of canonical base64 as a
 * {@link Blob} over the body's own bytes ({@link #base64View()}): checked, not decoded, and never copied into
 * the parser's character buffer (Jackson reads a string's characters only when asked for them, and skips them
 * otherwise). The view stays valid as long as the body array is not changed: the HTTP layer hands over a heap
 * array it never reuses.
 * <pre>
 *   ... "Data" : "SGVsbG8=" , ...
 *                ^ the token's byte offset (the opening quote); the text runs to the next '"'
 * </pre>
 * A string with an escape ('\', e.g. "\/" for '/') or anything but canonical base64 is answered null; the caller
 * then reads the text through the parser, which unescapes it and words a refusal.
 */
final class JsonBodyParser extends JsonParserDelegate {
    private final byte[] body;
    private final int start;
    private final int end;

    /** @param parser a JSON parser created over {@code body[start, start + length)} */
    JsonBodyParser(JsonParser parser, byte[] body, int start, int length) {
        super(parser);
        this.body = body;
        this.start = start;
        this.end = start + length;
    }

    /** The current token, a string, as canonical base64 text in the body; null when it is not (then read it). */
    Blob base64View() {
        // Jackson's JSON byte offset counts from the body's start (its CBOR one from the array's, see CborBodyParser);
        // JsonBase64ViewTest pins that, at offset 0 and inside a larger array
        long quote = start + delegate.currentTokenLocation().getByteOffset();
        if (quote < start || quote >= end || body[(int) quote] != '"') {
            return null;
        }
        int textStart = (int) quote + 1;
        int at = textStart;
        while (at < end && body[at] != '"') {
            if (body[at] == '\\') {
                return null;
            }
            at++;
        }
        int chars = at - textStart;
        if (at == end || !Base64Text.isCanonical(body, textStart, chars)) {
            return null;
        }
        return Blob.base64(body, textStart, chars);
    }
}
