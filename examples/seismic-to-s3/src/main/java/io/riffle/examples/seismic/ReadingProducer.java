package io.riffle.examples.seismic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.ProcessorParameterName;
import software.amazon.awssdk.services.firehose.model.ProcessorType;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * The stations' side: seeded readings (most of them noise, now and then a garbled line from a faulty sensor), the
 * delivery stream that sends them through the transform into GZIP objects, and PutRecordBatch with the refused
 * entries sent again.
 */
public final class ReadingProducer {
    private static final Logger log = LoggerFactory.getLogger(ReadingProducer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 500;
    /** Every this many readings, one arrives garbled (not JSON): the transform fails it. */
    static final int GARBLED_EVERY = 50;
    /** Where the delivered objects go, under the bucket (Firehose adds yyyy/MM/dd/HH/). */
    public static final String PREFIX = "readings/";

    private ReadingProducer() {
    }

    /** {@code count} readings from 8 stations, the same for the same seed, one payload (record data) each. */
    public static List<String> payloads(int count, long seed) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String station = String.format(Locale.ROOT, "ST%02d", random.nextInt(8) + 1);
            if (i % GARBLED_EVERY == GARBLED_EVERY - 1) {
                out.add("#" + station + " CRC ERROR " + Long.toHexString(random.nextLong()));
                continue;
            }
            // a heavy tail: most readings are micro-tremors below 2.5
            double magnitude = Math.round(Math.pow(random.nextDouble(), 3) * 70) / 10.0;
            SeismicReading reading = new SeismicReading(station, start.plus(Duration.ofMillis(250L * i)).toString(),
                    magnitude, Math.round(random.nextDouble() * 700) / 10.0,
                    Math.round((34 + random.nextDouble() * 8) * 1e4) / 1e4,
                    Math.round((-124 + random.nextDouble() * 8) * 1e4) / 1e4,
                    Math.round((15 + random.nextDouble() * 10) * 10) / 10.0,
                    Math.round((3.3 + random.nextDouble() * 0.9) * 100) / 100.0, 1 << random.nextInt(4));
            try {
                out.add(JSON.writeValueAsString(reading));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * Creates the delivery stream if it does not exist (DirectPut into {@code bucketArn}, the Lambda transform
     * {@code functionArn}, GZIP, buffered up to 1 MiB or {@code bufferSeconds}) and waits until it is ACTIVE.
     */
    public static void ensureDeliveryStream(FirehoseClient firehose, String name, String bucketArn,
            String functionArn, int bufferSeconds) throws InterruptedException {
        try {
            firehose.describeDeliveryStream(b -> b.deliveryStreamName(name));
            log.info("delivery stream {} exists", name);
        } catch (ResourceNotFoundException e) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName(name).deliveryStreamType("DirectPut")
                    .extendedS3DestinationConfiguration(destination(bucketArn, functionArn, bufferSeconds)));
            log.info("created delivery stream {} into {} through {}", name, bucketArn, functionArn);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription()
                .deliveryStreamStatus() != DeliveryStreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("delivery stream " + name + " not ACTIVE after 2 minutes");
            }
            Thread.sleep(200); // Firehose has no waiter for this: poll as the console does
        }
    }

    private static ExtendedS3DestinationConfiguration destination(String bucketArn, String functionArn,
            int bufferSeconds) {
        return ExtendedS3DestinationConfiguration.builder()
                // Riffle stores the role; on AWS it must let Firehose write the bucket and invoke the function
                .roleARN("arn:aws:iam::000000000000:role/seismic-firehose")
                .bucketARN(bucketArn).prefix(PREFIX).compressionFormat(CompressionFormat.GZIP)
                .bufferingHints(b -> b.sizeInMBs(1).intervalInSeconds(bufferSeconds))
                .processingConfiguration(ProcessingConfiguration.builder().enabled(true).processors(Processor.builder()
                        .type(ProcessorType.LAMBDA).parameters(
                                parameter(ProcessorParameterName.LAMBDA_ARN, functionArn),
                                parameter(ProcessorParameterName.NUMBER_OF_RETRIES, "3")).build())
                        .build())
                .build();
    }

    private static ProcessorParameter parameter(ProcessorParameterName name, String value) {
        return ProcessorParameter.builder().parameterName(name).parameterValue(value).build();
    }

    /** Puts every payload, in batches of 500; entries a batch refuses (throttled, ...) are sent again. */
    public static void send(FirehoseClient firehose, String name, List<String> payloads) {
        for (int from = 0; from < payloads.size(); from += MAX_BATCH) {
            List<Record> pending = payloads.subList(from, Math.min(payloads.size(), from + MAX_BATCH)).stream()
                    .map(p -> Record.builder().data(SdkBytes.fromUtf8String(p)).build()).toList();
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<Record> batch = pending;
                PutRecordBatchResponse response = firehose.putRecordBatch(b -> b.deliveryStreamName(name)
                        .records(batch));
                List<Record> refused = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    PutRecordBatchResponseEntry entry = response.requestResponses().get(i);
                    if (entry.errorCode() != null) {
                        refused.add(batch.get(i));
                    }
                }
                if (!refused.isEmpty() && attempt >= 10) {
                    throw new IllegalStateException(refused.size() + " records refused 10 times: "
                            + response.requestResponses());
                }
                pending = refused;
            }
        }
        log.info("put {} readings into {}", payloads.size(), name);
    }
}
