package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS session credentials (GetSessionToken) with the SDK v2 against a server with auth=sigv4: the sync client
 * (CBOR or JSON by the build's setting) and the async client over h2c, SubscribeToShard included, work with them
 * and across a restart; GetCallerIdentity names the root they act for; an expired session, a clock 10 minutes
 * behind and a token of another session each get AWS's exact error, in Kinesis' and in STS' words.
 */
class SessionCredentialsIT {
    private static final String EXPIRED = "The security token included in the request is expired";
    private static final long TIMEOUT_S = 30;

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

    @Test
    void aSessionPutsAndGetsOverHttp1AndH2cAndStsNamesTheRootItActsFor() throws Exception {
        AwsSessionCredentials session = SessionCredentials.issued(riffle.endpoint());
        assertThat(session.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        try (KinesisClient kinesis = kinesis(session); KinesisAsyncClient async = asyncH2c(session);
             StsClient sts = sts(session)) {
            String stream = Kit.createActive(kinesis, "session-ok", 1);
            List<PutRecordsRequestEntry> entries = IntStream.range(0, 5).mapToObj(i -> PutRecordsRequestEntry.builder()
                    .partitionKey("k").data(SdkBytes.fromUtf8String("session-" + i)).build()).toList();
            assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount()).isZero();
            assertThat(async.putRecords(b -> b.streamName(stream).records(entries)).get(TIMEOUT_S, TimeUnit.SECONDS)
                    .failedRecordCount()).isZero();
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records()).hasSize(10);

            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + SdkClients.ACCOUNT + ":root");
            StsException again = catchThrowableOfType(StsException.class, sts::getSessionToken);
            assertThat(again.statusCode()).isEqualTo(403);
            assertThat(again.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(again.awsErrorDetails().errorMessage())
                    .isEqualTo("Cannot call GetSessionToken with session credentials");
        }
    }

    @Test
    void subscribeToShardIsSignedWithASessionOverHttp2() throws Exception {
        AwsSessionCredentials session = SessionCredentials.issued(riffle.endpoint());
        try (KinesisClient kinesis = kinesis(session); KinesisAsyncClient async = asyncH2c(session)) {
            String stream = Kit.createActive(kinesis, "session-efo", 1);
            assertThat(PushedEvents.pushedThroughNewConsumer(kinesis, async, stream, "session-consumer", "pushed"))
                    .containsExactly("pushed");
        }
    }

    @Test
    void anExpiredSessionIsAnExpiredTokenForKinesisOverBothProtocolsAndForSts() throws Exception {
        AwsSessionCredentials expired = SessionCredentials.expired(riffle.server().dataDir());
        try (KinesisClient kinesis = kinesis(expired); KinesisAsyncClient async = asyncH2c(expired);
             StsClient sts = sts(expired)) {
            KinesisException e = catchThrowableOfType(KinesisException.class, kinesis::listStreams);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(EXPIRED);
            assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amzn-ErrorType"))
                    .hasValue("ExpiredTokenException");
            CompletionException failed = catchThrowableOfType(CompletionException.class,
                    () -> async.listStreams().join());
            assertThat(failed.getCause()).isInstanceOf(KinesisException.class);
            assertThat(((KinesisException) failed.getCause()).awsErrorDetails().errorCode())
                    .isEqualTo("ExpiredTokenException");
            StsException s = catchThrowableOfType(StsException.class, sts::getCallerIdentity);
            assertThat(s.statusCode()).isEqualTo(403);
            assertThat(s.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            assertThat(s.awsErrorDetails().errorMessage()).isEqualTo(EXPIRED);
        }
    }

    @Test
    void aSessionWithAClockTenMinutesBehindIsASignatureExpired() {
        AwsSessionCredentials session = SessionCredentials.issued(riffle.endpoint());
        SdkGlobalTime.setGlobalTimeOffset(600); // the SDK signs with now - 600 s
        try (KinesisClient skewed = kinesis(session)) {
            KinesisException e = catchThrowableOfType(KinesisException.class, skewed::listStreams);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).matches(Pattern.compile("Signature expired: \\d{8}T\\d{6}Z is "
                    + "now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)"));
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(0);
        }
    }

    @Test
    void anotherSessionsTokenIsAnUnrecognizedClient() {
        AwsSessionCredentials first = SessionCredentials.issued(riffle.endpoint());
        AwsSessionCredentials second = SessionCredentials.issued(riffle.endpoint());
        try (KinesisClient mixed = kinesis(AwsSessionCredentials.create(first.accessKeyId(), first.secretAccessKey(),
                second.sessionToken()))) {
            KinesisException e = catchThrowableOfType(KinesisException.class, mixed::listStreams);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The security token included in the request is invalid.");
        }
    }

    @Test
    void aSessionOutlivesARestart() {
        AwsSessionCredentials session = SessionCredentials.issued(riffle.endpoint());
        riffle.restart();
        try (KinesisClient kinesis = kinesis(session)) {
            assertThat(kinesis.listStreams().streamNames()).isNotNull();
        }
    }

    // ------------------------------------------------------------------ clients

    private static KinesisClient kinesis(AwsSessionCredentials credentials) {
        return KinesisClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static KinesisAsyncClient asyncH2c(AwsSessionCredentials credentials) {
        URI endpoint = riffle.endpoint();
        return KinesisAsyncClient.builder().endpointOverride(endpoint).region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static StsClient sts(AwsSessionCredentials credentials) {
        return StsClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
