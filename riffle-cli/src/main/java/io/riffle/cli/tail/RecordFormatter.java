package io.riffle.cli.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.cli.client.Terminal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How {@code riffle tail} prints a record, one line each: with {@code --output table} the shard,
 * the partition key and the decoded data ({@code --data-only}: the data alone, for pipes); with
 * {@code --output json} one JSON object per line (NDJSON) with the API's member names, the data
 * decoded as asked (a JSON record is embedded as JSON).
 */
public final class RecordFormatter {

    /** {@code --decode}. */
    public enum Decode {
        /** UTF-8 text; control characters escaped so one record stays one line; bytes that are not UTF-8 in hex. */
        UTF8,
        /** JSON, compact on one line; a record that is not JSON is shown as text. */
        JSON,
        HEX,
        BASE64;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Decode decode;
    private final boolean isJsonOutput;
    private final boolean isDataOnly;
    private final Terminal terminal;

    public RecordFormatter(Decode decode, boolean isJsonOutput, boolean isDataOnly, Terminal terminal) {
        this.decode = decode;
        this.isJsonOutput = isJsonOutput;
        this.isDataOnly = isDataOnly;
        this.terminal = terminal;
    }

    public String format(TailRecord record) {
        if (isJsonOutput) {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("ShardId", record.shardId());
            node.put("SequenceNumber", record.sequenceNumber());
            if (record.subSequenceNumber() != null) {
                node.put("SubSequenceNumber", record.subSequenceNumber());
            }
            node.put("PartitionKey", record.partitionKey());
            if (record.explicitHashKey() != null) {
                node.put("ExplicitHashKey", record.explicitHashKey());
            }
            if (record.arrival() != null) {
                node.put("ApproximateArrivalTimestamp", record.arrival().toString());
            }
            JsonNode json = decode == Decode.JSON ? parseJson(record.data()) : null;
            if (json != null) {
                node.set("Data", json);
            } else if (decode == Decode.JSON || decode == Decode.UTF8) {
                String utf8 = utf8(record.data());
                node.put("Data", utf8 != null ? utf8 : "hex:" + HexFormat.of().formatHex(record.data())); // JSON escapes
            } else {
                node.put("Data", data(record.data()));
            }
            return node.toString();
        }
        String data = data(record.data());
        if (isDataOnly) {
            return data;
        }
        return terminal.dim(record.shardId()) + " " + terminal.cyan(record.partitionKey()) + " " + data;
    }

    /** The data as the decode option says, on one line. */
    public String data(byte[] data) {
        return switch (decode) {
            case HEX -> HexFormat.of().formatHex(data);
            case BASE64 -> Base64.getEncoder().encodeToString(data);
            case JSON -> {
                JsonNode json = parseJson(data);
                yield json != null ? json.toString() : text(data);
            }
            case UTF8 -> text(data);
        };
    }

    /** UTF-8 with control characters escaped (\n, \t, \\u0001); data that is not UTF-8 as {@code hex:...}. */
    static String text(byte[] data) {
        String s = utf8(data);
        if (s == null) {
            return "hex:" + HexFormat.of().formatHex(data);
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** The data as UTF-8 text, or null when it is not UTF-8. */
    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static JsonNode parseJson(byte[] data) {
        try {
            JsonNode node = MAPPER.readTree(data);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }
}
