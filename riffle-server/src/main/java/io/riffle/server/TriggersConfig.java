package io.riffle.server;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.functions.FunctionInvoker;
import io.riffle.functions.InvokerSettings;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.data.LocalStreamSource;
import io.riffle.kinesis.source.StreamSink;
import io.riffle.storage.LogStore;
import io.riffle.triggers.MappingOperations;
import io.riffle.triggers.MappingStore;
import io.riffle.triggers.TriggerSettings;
import io.riffle.triggers.TriggersApi;
import io.riffle.triggers.failure.FailureDestination;
import io.riffle.triggers.failure.FolderDestination;
import io.riffle.triggers.failure.S3Destination;
import io.riffle.triggers.poll.TriggerPollers;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of functions and stream triggers: the function invoker's settings from the {@code function.<name>.url},
 * {@code lambda-*} and {@code function-*} settings (RiffleServer makes the one invoker the triggers and Firehose
 * share), the mappings' store (event log {@code _triggers}), the API and
 * the pollers, which read streams through riffle-kinesis's {@code StreamSource} (and write OnFailure invocation records
 * into streams through its {@code StreamSink}). Closed in reverse order.
 */
final class TriggersConfig {
    private static final Logger log = LoggerFactory.getLogger(TriggersConfig.class);

    private TriggersConfig() {
    }

    static InvokerSettings invokerSettings(ServerConfig config) {
        Map<String, URI> urls = new LinkedHashMap<>();
        config.functionUrls().forEach((name, url) -> urls.put(name, URI.create(url)));
        String endpoint = config.get(ServerConfig.LAMBDA_ENDPOINT);
        InvokerSettings.Credentials credentials = config.get(ServerConfig.LAMBDA_ACCESS_KEY_ID) == null ? null
                : new InvokerSettings.Credentials(config.get(ServerConfig.LAMBDA_ACCESS_KEY_ID),
                        config.get(ServerConfig.LAMBDA_SECRET_ACCESS_KEY), config.get(ServerConfig.LAMBDA_SESSION_TOKEN));
        return new InvokerSettings(urls, endpoint == null ? null : URI.create(endpoint), credentials, config.region(),
                InvokerSettings.DEFAULT_CONNECT_TIMEOUT,
                Duration.ofMillis(config.get(ServerConfig.FUNCTION_INVOKE_TIMEOUT_MS)),
                config.get(ServerConfig.FUNCTION_MAX_CONCURRENCY), InvokerSettings.LAMBDA_MAX_PAYLOAD_BYTES);
    }

    /**
     * Where OnFailure S3 destinations write: {@code trigger-s3-endpoint}, else the embedded store, the same folder
     * {@code <data-dir>/s3/<bucket>/} that Firehose's embedded S3 uses, so one place holds every embedded bucket.
     */
    private static FailureDestination failureDestination(ServerConfig config) {
        String endpoint = config.get(ServerConfig.TRIGGER_S3_ENDPOINT);
        if (endpoint.isEmpty()) {
            return new FolderDestination(config.dataDir().resolve(FirehoseConfig.S3_DIRECTORY));
        }
        String region = config.get(ServerConfig.TRIGGER_S3_REGION);
        return new S3Destination(URI.create(endpoint), region.isEmpty() ? config.region() : region,
                config.get(ServerConfig.TRIGGER_S3_ACCESS_KEY_ID), config.get(ServerConfig.TRIGGER_S3_SECRET_ACCESS_KEY));
    }

    /** Opens the mappings, starts their pollers and serves the API; the handle closes all of it. */
    static AutoCloseable start(ServerConfig config, LogStore store, ControlPlane control, ExecutorService reads,
                               StreamSink streams, MetricsRegistry metrics, TriggersApi api, FunctionInvoker invoker)
            throws IOException {
        TriggerSettings settings = new TriggerSettings(config.region(), config.accountId(),
                config.get(ServerConfig.TRIGGER_TRANSITION_DELAY_MS), config.get(ServerConfig.TRIGGER_IDLE_POLL_MS),
                config.get(ServerConfig.TRIGGER_RETRY_BACKOFF_MS), 30_000);
        InstantSource clock = InstantSource.system();
        MappingStore mappings = MappingStore.open(store, settings.transitionDelayMs(), clock);
        FailureDestination failures = failureDestination(config);
        TriggerPollers pollers = new TriggerPollers(mappings, new LocalStreamSource(control, reads), invoker, settings,
                clock, metrics, failures, streams);
        api.serve(new MappingOperations(mappings, new LocalStreamSource(control, reads), invoker, settings, clock,
                pollers::lastProcessingResult));
        pollers.start();
        log.info("event source mappings: {} ({} functions with their own URL, lambda-endpoint {})",
                mappings.registry().all().size(), config.functionUrls().size(),
                config.get(ServerConfig.LAMBDA_ENDPOINT) == null ? "unset" : config.get(ServerConfig.LAMBDA_ENDPOINT));
        return () -> {
            pollers.close();
            mappings.close();
            if (failures instanceof S3Destination s3) {
                s3.close();
            }
        };
    }

    static void close(AutoCloseable triggers) {
        if (triggers == null) {
            return;
        }
        try {
            triggers.close();
        } catch (Exception e) {
            log.warn("closing the triggers failed", e);
        }
    }
}
