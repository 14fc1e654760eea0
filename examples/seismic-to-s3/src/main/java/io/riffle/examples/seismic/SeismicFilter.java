package io.riffle.examples.seismic;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery stream's transform, an ordinary Lambda handler (it runs unchanged on AWS Lambda): for each record,
 * a reading below {@link SeismicReading#NOISE_BELOW_MAGNITUDE} is {@code Dropped}, a relevant one is {@code Ok}
 * with only its relevant attributes as one JSON line, and data that is not a reading is {@code ProcessingFailed}
 * (Firehose writes it under {@code processing-failed/}).
 */
public final class SeismicFilter
        implements RequestHandler<KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    @Override
    public KinesisAnalyticsInputPreprocessingResponse handleRequest(KinesisFirehoseEvent event, Context context) {
        List<KinesisAnalyticsInputPreprocessingResponse.Record> out = new ArrayList<>();
        for (KinesisFirehoseEvent.Record record : event.getRecords()) {
            out.add(transform(record.getRecordId(), record.getData()));
        }
        return new KinesisAnalyticsInputPreprocessingResponse(out);
    }

    private static KinesisAnalyticsInputPreprocessingResponse.Record transform(String recordId, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        SeismicReading reading;
        try {
            reading = JSON.readValue(bytes, SeismicReading.class);
        } catch (java.io.IOException | RuntimeException e) {
            return new KinesisAnalyticsInputPreprocessingResponse.Record(recordId, Result.ProcessingFailed,
                    ByteBuffer.wrap(bytes));
        }
        if (reading == null || reading.station() == null || reading.isNoise()) {
            return new KinesisAnalyticsInputPreprocessingResponse.Record(recordId,
                    reading == null || reading.station() == null ? Result.ProcessingFailed : Result.Dropped,
                    ByteBuffer.wrap(bytes));
        }
        return new KinesisAnalyticsInputPreprocessingResponse.Record(recordId, Result.Ok,
                ByteBuffer.wrap(line(reading.relevant())));
    }

    /** What the filter delivers for a relevant reading: its JSON and a newline (so the objects are JSON lines). */
    public static byte[] line(SeismicReading relevant) {
        try {
            return (JSON.writeValueAsString(relevant) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
