package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * A server started with auth=sigv4 and given root credentials (the ones every test client uses):
 * the SDK v2 (sync, the CBOR or JSON protocol by the build's setting; async over h2c) works with
 * them, including SubscribeToShard and STS GetCallerIdentity; a wrong secret, an unknown key, a
 * clock 10 minutes off and a scope for another service each get AWS's exact error, in the
 * request's own format (the SDK parses it into the error code and message).
 */
class SigV4AuthIT {
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the "
            + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
            + "documentation for details.";
    private static final long TIMEOUT_S = 30;

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

    @Test
    void theRootCredentialsPutAndGetRecordsOverHttp1AndHttp2() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, "auth-ok", 1);
        List<PutRecordsRequestEntry> entries = java.util.stream.IntStream.range(0, 10).mapToObj(i -> PutRecordsRequestEntry
                .builder().partitionKey("k").data(SdkBytes.fromUtf8String("signed-" + i)).build()).toList();
        assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount()).isZero();
        riffle.kinesisAsync().putRecords(b -> b.streamName(stream).records(entries)).get(TIMEOUT_S, TimeUnit.SECONDS);
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records()).hasSize(20);
    }

    @Test
    void subscribeToShardIsSignedOverHttp2() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, "auth-efo", 1);
        assertThat(PushedEvents.pushedThroughNewConsumer(kinesis, riffle.kinesisAsync(), stream, "auth-consumer",
                "pushed")).containsExactly("pushed");
    }

    @Test
    void stsGetCallerIdentityAnswersTheRoot() {
        try (StsClient sts = sts(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo(SdkClients.ACCOUNT);
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + SdkClients.ACCOUNT + ":root");
        }
        try (StsClient wrong = sts(SdkClients.ACCESS_KEY, "wrong")) {
            StsException e = catchThrowableOfType(StsException.class, wrong::getCallerIdentity);
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(SIGNATURE_MISMATCH);
        }
        try (StsClient unknown = sts("AKIAUNKNOWNKEY000000", SdkClients.SECRET_KEY)) {
            StsException e = catchThrowableOfType(StsException.class, unknown::getCallerIdentity);
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
        }
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        try (KinesisClient wrong = kinesis(SdkClients.ACCESS_KEY, "not-the-secret", false)) {
            KinesisException e = catchThrowableOfType(KinesisException.class, wrong::listStreams);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(SIGNATURE_MISMATCH);
            assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amzn-ErrorType"))
                    .hasValue("InvalidSignatureException");
            assertThat(e.requestId()).isNotEmpty();
            assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Date")).isPresent();
        }
    }

    @Test
    void anUnknownAccessKeyIsAnUnrecognizedClient() {
        try (KinesisClient unknown = kinesis("AKIAUNKNOWNKEY000000", SdkClients.SECRET_KEY, false)) {
            KinesisException e = catchThrowableOfType(KinesisException.class, unknown::listStreams);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
        }
    }

    @Test
    void aClockTenMinutesBehindIsASignatureExpiredAndTheSdkCorrectsItFromTheDateHeader() {
        SdkGlobalTime.setGlobalTimeOffset(600); // the SDK signs with now - 600 s
        try (KinesisClient skewed = kinesis(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY, false);
             KinesisClient retrying = kinesis(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY, true)) {
            KinesisException e = catchThrowableOfType(KinesisException.class, skewed::listStreams);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            Matcher m = Pattern.compile("Signature expired: (\\d{8}T\\d{6}Z) is now earlier than (\\d{8}T\\d{6}Z) "
                    + "\\((\\d{8}T\\d{6}Z) - 5 min\\.\\)").matcher(e.awsErrorDetails().errorMessage());
            assertThat(m.matches()).as(e.awsErrorDetails().errorMessage()).isTrue();
            // The retrying client learns the server's time from the error's Date header and succeeds.
            assertThat(retrying.listStreams().streamNames()).isNotNull();
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(0);
        }
    }

    @Test
    void aScopeForAnotherServiceIsRefusedWithKinesisWords() {
        try (KinesisClient misnamed = KinesisClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(credentials(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                // Sign for Firehose: the auth scheme the SDK resolves names the signing service.
                .authSchemeProvider(params -> List.of(AuthSchemeOption.builder().schemeId(AwsV4AuthScheme.SCHEME_ID)
                        .putSignerProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "firehose")
                        .putSignerProperty(AwsV4HttpSigner.REGION_NAME, SdkClients.REGION.id()).build()))
                .build()) {
            KinesisException e = catchThrowableOfType(KinesisException.class, misnamed::listStreams);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Credential should be scoped to correct service: 'kinesis'. ");
        }
    }

    @Test
    void aFirstStartWithSigV4GeneratesRootCredentialsOwnerOnly() throws Exception {
        try (RiffleServerProcess generated = RiffleServerProcess.start("auth-generated", "auth=sigv4")) {
            Path file = generated.dataDir().resolve("root-credentials");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            Matcher keys = Pattern.compile("aws_access_key_id = (\\S+)\naws_secret_access_key = (\\S+)\n")
                    .matcher(Files.readString(file));
            assertThat(keys.find()).isTrue();
            assertThat(generated.stdout()).contains("Authentication: sigv4 (requests must be signed); root access key "
                    + keys.group(1) + ", generated into " + file.toRealPath());
            try (KinesisClient root = kinesisAt(generated.endpoint(), keys.group(1), keys.group(2));
                 KinesisClient old = kinesisAt(generated.endpoint(), SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY)) {
                assertThat(root.listStreams().streamNames()).isEmpty();
                assertThat(catchThrowableOfType(KinesisException.class, old::listStreams).awsErrorDetails().errorCode())
                        .isEqualTo("UnrecognizedClientException");
            }
        }
    }

    // ------------------------------------------------------------------ clients

    private static StaticCredentialsProvider credentials(String keyId, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
    }

    private static KinesisClient kinesis(String keyId, String secret, boolean isRetrying) {
        return KinesisClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(credentials(keyId, secret)).httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> {
                    if (!isRetrying) {
                        o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    private static KinesisClient kinesisAt(URI endpoint, String keyId, String secret) {
        return KinesisClient.builder().endpointOverride(endpoint).region(SdkClients.REGION)
                .credentialsProvider(credentials(keyId, secret)).httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static StsClient sts(String keyId, String secret) {
        return StsClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(credentials(keyId, secret)).httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
