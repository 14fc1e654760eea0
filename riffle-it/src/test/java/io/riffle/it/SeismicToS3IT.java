package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.examples.seismic.LambdaInvokeServer;
import io.riffle.examples.seismic.ReadingProducer;
import io.riffle.examples.seismic.SeismicFilter;
import io.riffle.examples.seismic.SeismicReading;
import io.riffle.examples.seismic.SeismicToS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * examples/seismic-to-s3 end to end, as its README runs it: the example's transform (an unchanged Lambda handler
 * behind the invoke contract) and its producer against a real Riffle process delivering to s3proxy. The GZIP
 * objects under {@code readings/} hold exactly the relevant readings sent (noise dropped, housekeeping attributes
 * left out), and the garbled ones are under {@code processing-failed/}.
 */
class SeismicToS3IT {
    private static final int READINGS = 600;
    private static final int SEED = 5;
    private static final String FUNCTION = "seismic-filter";
    static final S3ProxyServer S3 = S3ProxyServer.start();
    static final LambdaInvokeServer<KinesisFirehoseEvent, ?> TRANSFORM = transform();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(FirehoseTesting.serverSettings(S3,
            "function." + FUNCTION + ".url=" + TRANSFORM.invokeUrl()));

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void stopAll() {
        S3.close();
        TRANSFORM.close();
    }

    private static LambdaInvokeServer<KinesisFirehoseEvent, ?> transform() {
        try {
            return new LambdaInvokeServer<>(FUNCTION, new SeismicFilter(), KinesisFirehoseEvent.class, "127.0.0.1", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theObjectsHoldTheRelevantReadingsSentAndTheGarbledOnesAreProcessingFailures() throws Exception {
        S3Client s3 = S3.client();
        s3.createBucket(b -> b.bucket("seismic"));
        SeismicToS3.main(new String[] {"produce", "--endpoint", riffle.endpoint().toString(), "--readings",
                Integer.toString(READINGS), "--seed", Integer.toString(SEED), "--buffer-seconds", "1"});

        List<String> payloads = ReadingProducer.payloads(READINGS, SEED);
        List<String> expected = new ArrayList<>();
        List<String> garbled = new ArrayList<>();
        for (String payload : payloads) {
            if (payload.startsWith("{")) {
                SeismicReading reading = JSON.readValue(payload, SeismicReading.class);
                if (!reading.isNoise()) {
                    expected.add(new String(SeismicFilter.line(reading.relevant()), StandardCharsets.UTF_8).strip());
                }
            } else {
                garbled.add(payload);
            }
        }
        assertThat(expected).as("relevant readings among those sent").hasSizeBetween(50, READINGS - 100);

        Kit.await(FirehoseTesting.WAIT, "the relevant readings and the garbled ones delivered", () ->
                lines(s3, ReadingProducer.PREFIX).size() == expected.size()
                        && lines(s3, "processing-failed/").size() == garbled.size());
        assertThat(lines(s3, ReadingProducer.PREFIX)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(s3.listObjectsV2(b -> b.bucket("seismic")).contents()).extracting(S3Object::key)
                .allMatch(key -> key.endsWith(".gz"));
        List<JsonNode> failures = new ArrayList<>();
        for (String line : lines(s3, "processing-failed/")) {
            failures.add(JSON.readTree(line));
        }
        assertThat(failures).extracting(f -> f.path("errorCode").asText()).containsOnly("Lambda.ProcessingFailed");
        assertThat(failures).extracting(f -> new String(Base64.getDecoder().decode(f.path("rawData").asText()),
                StandardCharsets.UTF_8)).containsExactlyInAnyOrderElementsOf(garbled);
    }

    /** The lines of every GZIP object under {@code prefix}. */
    private static List<String> lines(S3Client s3, String prefix) {
        List<String> out = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2(b -> b.bucket("seismic").prefix(prefix)).contents()) {
            try (GZIPInputStream in = new GZIPInputStream(s3.getObject(b -> b.bucket("seismic").key(o.key())))) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
