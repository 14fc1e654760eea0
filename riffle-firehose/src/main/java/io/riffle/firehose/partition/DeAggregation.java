package io.riffle.firehose.partition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RecordDeAggregation processor, pure: one record holding several sub-records becomes those sub-records, before
 * the Lambda transform and dynamic partitioning see them. SubRecordType JSON: concatenated JSON objects (whitespace
 * or nothing between them), each kept as its own bytes; DELIMITED: the data split at each Delimiter (empty pieces
 * left out). At most {@link #MAX_SUB_RECORDS} sub-records per record. A record that cannot be split gives null.
 */
public final class DeAggregation {
    public static final int MAX_SUB_RECORDS = 500;
    private static final JsonFactory JSON = new JsonFactory();

    private DeAggregation() {
    }

    /** The sub-records of {@code data}, or null when it is not what SubRecordType says or has too many. */
    public static List<byte[]> split(byte[] data, String subRecordType, byte[] delimiter) {
        List<byte[]> out = "DELIMITED".equals(subRecordType) ? delimited(data, delimiter) : json(data);
        return out == null || out.size() > MAX_SUB_RECORDS ? null : out;
    }

    private static List<byte[]> json(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(data)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    return null;
                }
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                out.add(Arrays.copyOfRange(data, start, end));
                if (out.size() > MAX_SUB_RECORDS) {
                    return out;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return out.isEmpty() ? null : out;
    }

    private static List<byte[]> delimited(byte[] data, byte[] delimiter) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i + delimiter.length <= data.length; ) {
            if (Arrays.equals(data, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                if (i > from) {
                    out.add(Arrays.copyOfRange(data, from, i));
                }
                i += delimiter.length;
                from = i;
            } else {
                i++;
            }
        }
        if (from < data.length) {
            out.add(Arrays.copyOfRange(data, from, data.length));
        }
        return out;
    }
}
