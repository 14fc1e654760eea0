package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Every service on the port in its own words for the same signature problems, with the SDK v2 against a server
 * with auth=sigv4: DynamoDB (400, 15 minutes of skew), Lambda's event-source-mapping API (403), Firehose (400), and a
 * client configured for another region than the server's (Kinesis 400, STS 403); Riffle's Firehose flush route.
 */
class ServiceAuthErrorsIT {
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the "
            + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
            + "documentation for details.";
    private static final String UNKNOWN_KEY = "AKIAUNKNOWNKEY000000";

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

    @Test
    void dynamoDbAnswersItsOwnErrorsAndAllowsFifteenMinutesOfSkew() {
        try (DynamoDbClient wrong = client(DynamoDbClient.builder(), SdkClients.ACCESS_KEY, "wrong", SdkClients.REGION);
             DynamoDbClient unknown = client(DynamoDbClient.builder(), UNKNOWN_KEY, SdkClients.SECRET_KEY,
                     SdkClients.REGION)) {
            assertError(wrong::listTables, 400, "InvalidSignatureException", SIGNATURE_MISMATCH);
            assertError(unknown::listTables, 400, "UnrecognizedClientException",
                    "The security token included in the request is invalid");
        }
        // A client takes the SDK's global clock offset when it is built.
        SdkGlobalTime.setGlobalTimeOffset(600); // 10 minutes behind: inside DynamoDB's window, outside Kinesis'
        try (DynamoDbClient dynamoDb = client(DynamoDbClient.builder(), SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY,
                SdkClients.REGION);
             KinesisClient kinesis = client(KinesisClient.builder(), SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY,
                     SdkClients.REGION)) {
            assertThat(dynamoDb.listTables().tableNames()).isNotNull();
            assertThat(catchThrowableOfType(AwsServiceException.class, kinesis::listStreams).awsErrorDetails()
                    .errorMessage()).endsWith(" - 5 min.)");
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(0);
        }
        SdkGlobalTime.setGlobalTimeOffset(1200);
        try (DynamoDbClient dynamoDb = client(DynamoDbClient.builder(), SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY,
                SdkClients.REGION)) {
            AwsServiceException e = catchThrowableOfType(AwsServiceException.class, dynamoDb::listTables);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).matches("Signature expired: \\d{8}T\\d{6}Z is now earlier "
                    + "than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 15 min\\.\\)");
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(0);
        }
    }

    @Test
    void lambdasMappingApiAnswers403() {
        try (LambdaClient wrong = client(LambdaClient.builder(), SdkClients.ACCESS_KEY, "wrong", SdkClients.REGION);
             LambdaClient unknown = client(LambdaClient.builder(), UNKNOWN_KEY, SdkClients.SECRET_KEY,
                     SdkClients.REGION)) {
            assertError(wrong::listEventSourceMappings, 403, "InvalidSignatureException", SIGNATURE_MISMATCH);
            assertError(unknown::listEventSourceMappings, 403, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }
    }

    @Test
    void firehoseAnswersAsKinesisDoes() {
        try (FirehoseClient unknown = client(FirehoseClient.builder(), UNKNOWN_KEY, SdkClients.SECRET_KEY,
                SdkClients.REGION)) {
            assertError(unknown::listDeliveryStreams, 400, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }
    }

    /**
     * Riffle's Firehose flush route goes through the front door: an unknown key is refused in Firehose's words, a
     * user allowed only firehose:ListDeliveryStreams is denied firehose:FlushDeliveryStream, and the root (here through
     * {@code riffle firehose flush}, which signs for firehose) gets as far as the missing stream.
     */
    @Test
    void theFirehoseFlushRouteNeedsASignatureAndFirehosePermission(@TempDir Path tmp) {
        // plain signed HTTP and a CLI process: nothing here depends on the SDK's wire format, so once is enough
        Assumptions.assumeFalse("false".equals(System.getProperty("aws.cborEnabled")), "run in the CBOR pass");
        String flush = "/riffle/firehose/delivery-streams/nope/flush";
        HttpResponse<String> unknown = SignedHttp.post(riffle.endpoint(), flush, "firehose", "application/json", "{}",
                UNKNOWN_KEY, SdkClients.SECRET_KEY);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("UnrecognizedClientException");

        String user = "flusher";
        iam("Action=CreateUser&UserName=" + user);
        iam("Action=PutUserPolicy&UserName=" + user + "&PolicyName=list&PolicyDocument=" + URLEncoder.encode(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"firehose:ListDeliveryStreams\",\"Resource\":\"*\"}]}", StandardCharsets.UTF_8));
        String keys = iam("Action=CreateAccessKey&UserName=" + user);
        String keyId = between(keys, "<AccessKeyId>", "</AccessKeyId>");
        String secret = between(keys, "<SecretAccessKey>", "</SecretAccessKey>");
        HttpResponse<String> denied = SignedHttp.post(riffle.endpoint(), flush, "firehose", "application/json", "{}",
                keyId, secret);
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(denied.body()).contains("AccessDeniedException").contains("firehose:FlushDeliveryStream")
                .contains("deliverystream/nope");

        RiffleCli.Result root = new RiffleCli(riffle.endpoint(), tmp).run("firehose", "flush", "nope");
        assertThat(root.exitCode()).as(root.toString()).isEqualTo(1);
        assertThat(root.err()).as(root.toString()).contains("ResourceNotFoundException: Firehose nope under account");
    }

    /** An IAM query call as the root; its XML answer. */
    private static String iam(String form) {
        HttpResponse<String> r = SignedHttp.post(riffle.endpoint(), "/", "iam", "application/x-www-form-urlencoded",
                form + "&Version=2010-05-08", SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    @Test
    void anotherRegionThanTheServersIsRefused() {
        String message = "Credential should be scoped to a valid region, not 'eu-west-1'. ";
        try (KinesisClient kinesis = client(KinesisClient.builder(), SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY,
                Region.EU_WEST_1);
             StsClient sts = client(StsClient.builder(), SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY,
                     Region.EU_WEST_1)) {
            assertError(kinesis::listStreams, 400, "InvalidSignatureException", message);
            assertError(sts::getCallerIdentity, 403, "SignatureDoesNotMatch", message);
        }
    }

    private static void assertError(Runnable call, int status, String code, String message) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    /** A sync client of any service with these keys and region, no retries. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String keyId,
            String secret, Region region) {
        return builder.endpointOverride(riffle.endpoint()).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
