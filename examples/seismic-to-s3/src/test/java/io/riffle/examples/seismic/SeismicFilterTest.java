package io.riffle.examples.seismic;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeismicFilterTest {
    @Test
    void relevantReadingsKeepTheirAttributesNoiseIsDroppedAndGarbageFails() {
        String quake = "{\"station\":\"ST01\",\"time\":\"2026-01-01T00:00:00Z\",\"magnitude\":4.2,\"depthKm\":10.5,"
                + "\"latitude\":35.1,\"longitude\":-120.2,\"sensorTempC\":20.1,\"batteryV\":3.7,\"gain\":2}";
        String noise = quake.replace("4.2", "1.1");
        KinesisFirehoseEvent event = new KinesisFirehoseEvent().withRecords(List.of(
                record("a", quake), record("b", noise), record("c", "#ST02 CRC ERROR")));

        KinesisAnalyticsInputPreprocessingResponse response = new SeismicFilter().handleRequest(event, null);

        assertThat(response.getRecords()).extracting(r -> r.getRecordId() + ":" + r.getResult())
                .containsExactly("a:" + Result.Ok, "b:" + Result.Dropped, "c:" + Result.ProcessingFailed);
        assertThat(StandardCharsets.UTF_8.decode(response.getRecords().get(0).getData()).toString())
                .isEqualTo("{\"station\":\"ST01\",\"time\":\"2026-01-01T00:00:00Z\",\"magnitude\":4.2,"
                        + "\"depthKm\":10.5,\"latitude\":35.1,\"longitude\":-120.2}\n");
    }

    @Test
    void theSameSeedGivesTheSameReadingsWithNoiseAndGarbledOnes() {
        List<String> payloads = ReadingProducer.payloads(200, 3);
        assertThat(ReadingProducer.payloads(200, 3)).isEqualTo(payloads);
        assertThat(payloads.stream().filter(p -> p.startsWith("#"))).hasSize(200 / ReadingProducer.GARBLED_EVERY);
        assertThat(payloads.stream().filter(p -> p.contains("\"magnitude\":0.") || p.contains("\"magnitude\":1.")))
                .isNotEmpty();
    }

    private static KinesisFirehoseEvent.Record record(String id, String data) {
        KinesisFirehoseEvent.Record r = new KinesisFirehoseEvent.Record().withRecordId(id);
        r.setData(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
        return r;
    }
}
