package io.riffle.aws.wire;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/** Reads one value of a shape from a parser positioned at the value's first token (generated per structure). */
@FunctionalInterface
public interface WireReader<T> {
    T read(JsonParser parser, WireFormat format) throws IOException;
}
