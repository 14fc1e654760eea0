package io.riffle.cli.put;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.cli.client.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The records {@code riffle put} reads from a file or stdin, one at a time (the input may be
 * endless, e.g. a pipe):
 * <ul>
 *   <li>{@code lines}: each non-empty line is one record (UTF-8, without its line end); with a key
 *       separator, the text before the first separator is the partition key (as kcat's {@code -K});
 *   <li>{@code json}: each JSON document (one per line, or concatenated, or the elements of one
 *       top-level array) is one record, written compactly; {@code keyField} names a top-level
 *       field whose value is the partition key.
 * </ul>
 * Records without a key take {@code defaultKey}'s, by default a random one per record, which
 * spreads them over the shards.
 */
public final class InputRecords implements Iterator<PutRecordsRequestEntry> {

    /** How the input is split into records. */
    public enum Format {
        LINES,
        JSON;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Iterator<PutRecordsRequestEntry> delegate;

    private InputRecords(Iterator<PutRecordsRequestEntry> delegate) {
        this.delegate = delegate;
    }

    /** Random keys: records spread evenly over the shards. */
    public static Supplier<String> randomKeys() {
        return () -> UUID.randomUUID().toString();
    }

    public static InputRecords lines(Reader input, String keySeparator, Supplier<String> defaultKey) {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        return new InputRecords(new Iterator<>() {
            private String next = advance();

            private String advance() {
                try {
                    String line;
                    do {
                        line = reader.readLine();
                    } while (line != null && line.isEmpty());
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public PutRecordsRequestEntry next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String line = next;
                next = advance();
                String key = null;
                String data = line;
                if (keySeparator != null && !keySeparator.isEmpty()) {
                    int at = line.indexOf(keySeparator);
                    if (at >= 0) {
                        key = line.substring(0, at);
                        data = line.substring(at + keySeparator.length());
                    }
                }
                return entry(key == null || key.isEmpty() ? defaultKey.get() : key,
                        data.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    public static InputRecords json(Reader input, String keyField, Supplier<String> defaultKey) {
        MappingIterator<JsonNode> documents;
        try {
            // readValues unwraps one top-level array, so [{...}, {...}] and {...}\n{...} both work
            documents = MAPPER.readerFor(JsonNode.class).readValues(input);
        } catch (IOException e) {
            throw new UsageException("the input is not JSON: " + message(e));
        }
        return new InputRecords(new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return documents.hasNextValue();
                } catch (IOException e) {
                    throw new UsageException("the input is not JSON: " + message(e));
                }
            }

            @Override
            public PutRecordsRequestEntry next() {
                JsonNode document;
                try {
                    document = documents.nextValue();
                } catch (IOException e) {
                    throw new UsageException("the input is not JSON: " + message(e));
                }
                String key = null;
                if (keyField != null && document.hasNonNull(keyField)) {
                    JsonNode value = document.get(keyField);
                    key = value.isValueNode() ? value.asText() : value.toString();
                }
                try {
                    return entry(key == null || key.isEmpty() ? defaultKey.get() : key,
                            MAPPER.writeValueAsBytes(document));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() + " at " + j.getLocation() : e.toString();
    }

    static PutRecordsRequestEntry entry(String partitionKey, byte[] data) {
        return PutRecordsRequestEntry.builder().partitionKey(partitionKey).data(SdkBytes.fromByteArrayUnsafe(data)).build();
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    @Override
    public PutRecordsRequestEntry next() {
        return delegate.next();
    }
}
