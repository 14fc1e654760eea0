package io.riffle.aws.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes one value of a shape (generated per structure). */
@FunctionalInterface
public interface WireWriter<T> {
    void write(JsonGenerator generator, T value, WireFormat format) throws IOException;
}
