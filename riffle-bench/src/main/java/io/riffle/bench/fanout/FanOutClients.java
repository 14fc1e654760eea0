package io.riffle.bench.fanout;

import io.riffle.bench.common.KinesisClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * connection; the clients of one run share {@link EventLoops}, one thread per core, so twenty
 * consumers cost twenty connections, not twenty thread pools. The SDK does not retry: a failed call
 * is counted and shown. No API-call timeout: a subscription lasts minutes.
 */
public final class FanOutClients {
    /** Riffle accepts any SigV4 credentials. */
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "fan-out-bench"));

    private FanOutClients() {
    }

    /** The event loops for a run's clients: as many threads as cores. Shut them down after closing the clients. */
    public static EventLoops eventLoops() {
        return new EventLoops(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Client event-loop threads dealt to clients in turn. One group of N threads shared by every client put
     * the connections where the SDK chose: with two threads, 19 or all 20 of twenty fan-out consumers landed
     * on the first (their events decoded on one core), and a lone consumer on the second read 4x faster than
     * the others, which looked like an unfair server.
     */
    public static final class EventLoops {
        private final List<SdkEventLoopGroup> loops = new ArrayList<>();
        private int next;

        private EventLoops(int threads) {
            for (int i = 0; i < threads; i++) {
                loops.add(SdkEventLoopGroup.builder().numberOfThreads(1).build());
            }
        }

        /** The loop for the next client. */
        synchronized SdkEventLoopGroup next() {
            return loops.get(next++ % loops.size());
        }
    }

    /** A client on the next of {@code eventLoops}' threads. */
    public static KinesisAsyncClient create(URI endpoint, EventLoops eventLoops) {
        return create(endpoint, eventLoops.next());
    }

    private static KinesisAsyncClient create(URI endpoint, SdkEventLoopGroup eventLoops) {
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
    public static void shutdown(EventLoops eventLoops) {
        for (SdkEventLoopGroup loop : eventLoops.loops) {
            loop.eventLoopGroup().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
    }
}
