package io.riffle.bench.fanout;

import io.riffle.bench.common.KinesisClients;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * {@link KinesisAsyncClient}s for enhanced fan-out: the SDK's Netty client speaking HTTP/2, which
 * against an {@code http://} endpoint is cleartext HTTP/2 with prior knowledge (h2c), with no limit
 * on concurrent streams as KCL builds it ({@code KinesisClientUtil}). Each client has its own
 * connection; the clients of one run share an event-loop group (the caller's), so twenty consumers
 * cost twenty connections, not twenty thread pools. The SDK does not retry: a failed call is
 * counted and shown. No API-call timeout: a subscription lasts minutes.
 */
public final class FanOutClients {
    /** Riffle accepts any SigV4 credentials. */
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "fan-out-bench"));

    private FanOutClients() {
    }

    /** The event loops for a run's clients: as many threads as cores. Shut it down after closing the clients. */
    public static SdkEventLoopGroup eventLoops() {
        return SdkEventLoopGroup.builder().numberOfThreads(Runtime.getRuntime().availableProcessors()).build();
    }

    public static KinesisAsyncClient create(URI endpoint, SdkEventLoopGroup eventLoops) {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(KinesisClients.REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL)
                        .maxConcurrency(Integer.MAX_VALUE)
                        .eventLoopGroup(eventLoops)
                        .connectionTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Shuts down a run's event loops, waiting a little so the next run starts on a quiet client. */
    public static void shutdown(SdkEventLoopGroup eventLoops) {
        eventLoops.eventLoopGroup().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }
}
