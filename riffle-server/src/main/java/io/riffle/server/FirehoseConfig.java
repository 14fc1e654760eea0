package io.riffle.server;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.firehose.Firehose;
import io.riffle.firehose.control.FirehoseSettings;
import io.riffle.firehose.limits.PutLimits;
import io.riffle.functions.FunctionInvoker;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.firehose.delivery.FolderObjectStore;
import io.riffle.firehose.delivery.ObjectStore;
import io.riffle.firehose.delivery.S3ObjectStore;
import io.riffle.storage.LogStore;
import java.io.IOException;
import java.time.InstantSource;

/** Firehose's part of the settings: its delays, and where it delivers (the embedded folder or an S3 endpoint). */
final class FirehoseConfig {
    /** The embedded S3 store's folder inside the data directory: bucket b is {@code s3/b/}. */
    static final String S3_DIRECTORY = "s3";

    private FirehoseConfig() {
    }

    static FirehoseSettings settings(ServerConfig config) {
        return FirehoseSettings.defaults(config.region(), config.accountId())
                .withDelays(config.get(ServerConfig.FIREHOSE_CREATE_DELAY_MS), config.get(ServerConfig.FIREHOSE_DELETE_DELAY_MS))
                .withDeliveryTickMs(config.get(ServerConfig.FIREHOSE_DELIVERY_TICK_MS))
                .withPutRates(putRates(config))
                .withPlainHttpAllowed(config.get(ServerConfig.FIREHOSE_HTTP_ENDPOINT_PLAIN_HTTP))
                .withMaxDeliveryStreams(config.get(ServerConfig.FIREHOSE_MAX_DELIVERY_STREAMS))
                .withMaxActivePartitions(config.get(ServerConfig.FIREHOSE_ACTIVE_PARTITIONS));
    }

    /** The DirectPut quota: each setting at -1 takes Firehose's default for the region. */
    private static PutLimits.Rates putRates(ServerConfig config) {
        PutLimits.Rates byDefault = PutLimits.Rates.firehoseDefaults(config.region());
        long records = config.get(ServerConfig.FIREHOSE_PUT_RECORDS_PER_SECOND);
        long requests = config.get(ServerConfig.FIREHOSE_PUT_REQUESTS_PER_SECOND);
        long bytes = config.get(ServerConfig.FIREHOSE_PUT_BYTES_PER_SECOND);
        return new PutLimits.Rates(records < 0 ? byDefault.recordsPerSecond() : records,
                requests < 0 ? byDefault.requestsPerSecond() : requests, bytes < 0 ? byDefault.bytesPerSecond() : bytes);
    }

    static ObjectStore objectStore(ServerConfig config) {
        String endpoint = config.get(ServerConfig.FIREHOSE_S3_ENDPOINT);
        if (endpoint.isEmpty()) {
            return new FolderObjectStore(config.dataDir().resolve(S3_DIRECTORY));
        }
        String region = config.get(ServerConfig.FIREHOSE_S3_REGION);
        return S3ObjectStore.connect(endpoint, region.isEmpty() ? config.region() : region,
                config.get(ServerConfig.FIREHOSE_S3_PATH_STYLE), config.get(ServerConfig.FIREHOSE_S3_ACCESS_KEY_ID),
                config.get(ServerConfig.FIREHOSE_S3_SECRET_ACCESS_KEY));
    }

    static Firehose open(ServerConfig config, LogStore store, MetricsRegistry metrics, StreamSource streams,
                         FunctionInvoker functions) throws IOException {
        return Firehose.open(store, settings(config), InstantSource.system(), objectStore(config), metrics, streams,
                functions, true);
    }
}
