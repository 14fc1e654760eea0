package io.riffle.firehose.delivery;

import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.control.DeliveryStream.PlannedObject;
import io.riffle.firehose.http.HttpDestination;
import io.riffle.firehose.http.HttpEndpointBackoff;
import io.riffle.firehose.http.HttpEndpointProtocol;
import io.riffle.firehose.http.HttpEndpointProtocol.Outcome;
import io.riffle.firehose.http.HttpEndpointProtocol.Verdict;
import io.riffle.firehose.http.HttpEndpointSender;
import io.riffle.firehose.processing.ErrorRecords;
import io.riffle.firehose.processing.RecordProcessor;
import io.riffle.firehose.s3.Compression;
import io.riffle.firehose.s3.ObjectKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one planned batch to an HttpEndpoint destination. The plan (durable before the first attempt) gives the
 * request its id, the same on every attempt and after a restart, and the start of RetryDuration
 * ({@link PlannedObject#plannedMs()}). Per attempt:
 * <ol>
 *   <li>with S3BackupMode AllData, the source records to the backup bucket under the planned key (S3 backup
 *       Prefix, file name), and records a processor failed under {@code processing-failed/}, as for S3;</li>
 *   <li>the transformed records to the endpoint ({@link HttpEndpointProtocol}); delivered: done;</li>
 *   <li>not delivered: retried after {@link HttpEndpointBackoff}'s wait while RetryDuration lasts; a 413, or a
 *       failure once RetryDuration is spent, writes the records as error records (rawData the record sent) to the
 *       backup bucket under {@code http-endpoint-failed/yyyy/MM/dd/HH/}: never dropped.</li>
 * </ol>
 * Called on the delivery thread only.
 */
final class HttpEndpointDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpointDelivery.class);
    private static final String PROCESSING_FAILED = "processing-failed";

    private final ObjectStore objects;
    private final DeliveryTracker tracker;
    private final HttpEndpointSender sender = new HttpEndpointSender();
    private final Random jitter = new Random();
    private final Map<String, Integer> attemptsByStream = new HashMap<>();

    HttpEndpointDelivery(ObjectStore objects, DeliveryTracker tracker) {
        this.objects = objects;
        this.tracker = tracker;
    }

    /** The request id of a plan: derived from its key, so every attempt of it sends the same one. */
    static String requestId(PlannedObject plan) {
        return UUID.nameUUIDFromBytes(("http/" + plan.bucket() + "/" + plan.key()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** {@link #attempt}'s answer when the batch's records were backed up as failed rather than delivered. */
    static final long BACKED_UP = -1;

    /**
     * One attempt; 0 once the batch is delivered, {@link #BACKED_UP} once it is backed up as failed (either way the
     * checkpoint may move), else how long to wait before the next attempt.
     *
     * @throws IOException when the backup store fails (the caller retries the whole attempt)
     */
    long attempt(DeliveryStream s, PlannedObject plan, HttpDestination http, List<RecordProcessor.Input> records,
                 RecordProcessor.Output processed, long oldestArrivalMs, long nowMs) throws IOException {
        Compression compression = http.backupCompression();
        String entry = plan.key().substring(plan.key().lastIndexOf('/') + 1);
        String baseName = entry.endsWith(compression.extension())
                ? entry.substring(0, entry.length() - compression.extension().length()) : entry;
        Instant oldest = Instant.ofEpochMilli(oldestArrivalMs);
        if (http.isBackingUpAll()) {
            objects.put(plan.bucket(), plan.key(), compression.encode(records.stream()
                    .map(RecordProcessor.Input::data).toList(), baseName), null);
        }
        if (!processed.failed().isEmpty()) {
            objects.put(plan.bucket(), failedKey(PROCESSING_FAILED, oldest, http, plan) + entry, compression.encode(
                    ErrorRecords.processingFailed(processed.failed(), http.processing().lambdaArn()), baseName), null);
        }
        int attempts = attemptsByStream.merge(s.name(), 1, Integer::sum);
        Outcome outcome = processed.delivered().isEmpty() ? new Outcome(Verdict.DELIVERED, 200, null)
                : http.accessKeySecretArn() != null ? new Outcome(Verdict.RETRY, 0, "The access key is in the"
                        + " Secrets Manager secret " + http.accessKeySecretArn() + ", which this version of Riffle"
                        + " cannot read: disable SecretsManagerConfiguration and give EndpointConfiguration.AccessKey.")
                : sender.send(http.url(), HttpEndpointProtocol.request(requestId(plan), s.arn(), http.accessKey(),
                        http.commonAttributes(), http.isGzip(), nowMs, processed.delivered()));
        long bytes = processed.delivered().stream().mapToLong(d -> d.length).sum();
        if (outcome.isDelivered()) {
            attemptsByStream.remove(s.name());
            tracker.delivered(s.name(), DeliveryTracker.Delivery.succeeded(PlannedObject.HTTP_ENDPOINT, http.url().toString(),
                    processed.delivered().size(), bytes, nowMs));
            return 0;
        }
        String code = http.accessKeySecretArn() != null ? "SecretsManager.ResourceNotFound" : errorCode(outcome);
        tracker.delivered(s.name(), new DeliveryTracker.Delivery(PlannedObject.HTTP_ENDPOINT, http.url().toString(),
                processed.delivered().size(), bytes, nowMs, code, outcome.errorMessage()));
        long leftMs = plan.plannedMs() + http.retryMs() - nowMs;
        long waitMs = outcome.verdict() == Verdict.TOO_LARGE ? -1 : HttpEndpointBackoff.delayMs(attempts, leftMs, jitter);
        if (waitMs >= 0) {
            if (attempts == 1) {
                LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                        "Firehose {}: the HTTP endpoint {} did not take request {} ({}); retrying for up to {} s",
                        s.name(), http.url(), requestId(plan), outcome.errorMessage(), http.retryMs() / 1000);
            }
            return Math.max(1, waitMs);
        }
        List<RecordProcessor.Failed> failed = processed.delivered().stream().map(data -> new RecordProcessor.Failed(
                new RecordProcessor.Input(requestId(plan), oldestArrivalMs, data), attempts,
                code, outcome.errorMessage(), nowMs)).toList();
        objects.put(plan.bucket(), failedKey(HttpDestination.FAILED_FOLDER, oldest, http, plan) + entry,
                compression.encode(ErrorRecords.processingFailed(failed, null), baseName), null);
        LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                "Firehose {}: {} records the HTTP endpoint {} did not take after {} attempts ({}) are backed up"
                + " under {}/", s.name(), failed.size(), http.url(), attempts, outcome.errorMessage(),
                HttpDestination.FAILED_FOLDER);
        attemptsByStream.remove(s.name());
        return BACKED_UP;
    }

    /** {@code <folder>/yyyy/MM/dd/HH/} in the backup's time zone. */
    private static String failedKey(String folder, Instant oldest, HttpDestination http, PlannedObject plan) {
        return ObjectKeys.prefix(folder + "/", "S3Configuration.ErrorOutputPrefix", true, oldest, http.zone(), folder,
                plan.fromPosition());
    }

    /** Firehose's error codes for an HTTP endpoint's failures (Riffle's choice where the docs name none). */
    private static String errorCode(Outcome o) {
        if (o.verdict() == Verdict.TOO_LARGE) {
            return "HttpEndpoint.RequestEntityTooLarge";
        }
        return o.status() == 0 ? "HttpEndpoint.ConnectionFailed" : o.status() == 200
                ? "HttpEndpoint.InvalidResponseFromDestination" : "HttpEndpoint.DestinationException";
    }
}
