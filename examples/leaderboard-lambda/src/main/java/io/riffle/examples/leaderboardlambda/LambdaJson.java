package io.riffle.examples.leaderboardlambda;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Date;

/**
 * Lambda's JSON for the {@code aws-lambda-java-events} types, as the Java runtime reads it: property names matched
 * whatever their case ({@code Records}, {@code eventSourceARN}), {@code data} base64 into a ByteBuffer, timestamps
 * as epoch seconds with a fraction ({@code 1545084650.987}). The runtime's own serializer is not on Maven Central
 * under a stable API, hence this small mapper.
 */
final class LambdaJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("lambda-epoch-seconds").addDeserializer(Date.class, new EpochSeconds()))
            .build();

    private LambdaJson() {
    }

    private static final class EpochSeconds extends StdDeserializer<Date> {
        private static final long serialVersionUID = 1L;

        EpochSeconds() {
            super(Date.class);
        }

        @Override
        public Date deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return new Date(p.getDecimalValue().movePointRight(3).longValue());
        }
    }
}
