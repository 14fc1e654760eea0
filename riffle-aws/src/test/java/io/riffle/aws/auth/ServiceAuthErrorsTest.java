package io.riffle.aws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.RoutingFailure;
import io.riffle.aws.SigningRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each service family's own words, statuses, envelopes, clock-skew windows and region for the same signature
 * problems: Kinesis and Firehose (awsJson, 400), DynamoDB (Coral's namespace, 400, 15 minutes), Lambda (REST-JSON,
 * 403, {@code {"message"}}), STS and IAM (query XML, 403, 15 minutes).
 */
class ServiceAuthErrorsTest {
    private static final String KEY_ID = "AKIARIFFLETEST000001";
    private static final String SECRET = "riffle/secret+key/for/the/verifier/test0";
    private static final Instant NOW = Instant.parse("2026-12-04T06:45:00Z");
    private static final String INVALID = "The security token included in the request is invalid.";

    private final SigV4Verifier verifier = new SigV4Verifier(
            CredentialStore.of(AccessKey.accountRoot("000000000000", KEY_ID, SECRET)), InstantSource.fixed(NOW),
            "us-east-1");

    @Test
    void anUnknownKeyInEachFamilysWords() {
        assertThat(SigV4Problem.UNRECOGNIZED_CLIENT.failure(SigningRules.Dialect.JSON, null))
                .isEqualTo(new AuthFailure("UnrecognizedClientException", 400, INVALID));
        assertThat(SigV4Problem.UNRECOGNIZED_CLIENT.failure(SigningRules.Dialect.DYNAMODB, null))
                .isEqualTo(new AuthFailure("com.amazon.coral.service#UnrecognizedClientException", 400,
                        "The security token included in the request is invalid", RoutingFailure.Family.JSON));
        assertThat(SigV4Problem.UNRECOGNIZED_CLIENT.failure(SigningRules.Dialect.REST_JSON, null))
                .isEqualTo(new AuthFailure("UnrecognizedClientException", 403, INVALID,
                        RoutingFailure.Family.REST_JSON));
        assertThat(SigV4Problem.UNRECOGNIZED_CLIENT.failure(SigningRules.Dialect.QUERY, null))
                .isEqualTo(new AuthFailure("InvalidClientTokenId", 403, INVALID));
        assertThat(SigV4Problem.MISSING_TOKEN.failure(SigningRules.Dialect.DYNAMODB, null))
                .isEqualTo(new AuthFailure("com.amazon.coral.service#MissingAuthenticationTokenException", 400,
                        "Request is missing Authentication Token", RoutingFailure.Family.JSON));
        assertThat(SigV4Problem.EXPIRED_TOKEN.failure(SigningRules.Dialect.REST_JSON, null))
                .isEqualTo(new AuthFailure("ExpiredTokenException", 403,
                        "The security token included in the request is expired", RoutingFailure.Family.REST_JSON));
    }

    @Test
    void dynamoDbAnswersJson10WithCoralsTypeAndLambdaAMessageBody() {
        AwsRequest dynamoDbRequest = AwsRequest.of("POST", "/", Map.of("Content-Type", "application/x-amz-json-1.0"),
                "{}".getBytes(StandardCharsets.UTF_8));
        AwsAnswer dynamoDb = SigV4Problem.UNRECOGNIZED_CLIENT.failure(SigningRules.Dialect.DYNAMODB, null)
                .answer(dynamoDbRequest, "r1");
        assertThat(dynamoDb.status()).isEqualTo(400);
        assertThat(dynamoDb.headers().get("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(dynamoDb.bodyText()).isEqualTo("{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\","
                + "\"message\":\"The security token included in the request is invalid\"}");
        assertThat(dynamoDb.headers().get(RoutingFailure.ERROR_TYPE_HEADER)).isEqualTo("UnrecognizedClientException");

        AwsRequest lambdaGet = AwsRequest.of("GET", "/2015-03-31/event-source-mappings/", Map.of(), new byte[0]);
        AwsAnswer lambda = SigV4Problem.INVALID_SIGNATURE.failure(SigningRules.Dialect.REST_JSON, "Signature expired")
                .answer(lambdaGet, "r2");
        assertThat(lambda.status()).isEqualTo(403);
        assertThat(lambda.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(lambda.bodyText()).isEqualTo("{\"message\":\"Signature expired\"}");
        assertThat(lambda.headers().get(RoutingFailure.ERROR_TYPE_HEADER)).isEqualTo("InvalidSignatureException");
    }

    @Test
    void eachServiceHasItsClockSkewWindow() {
        Instant tenMinutesBehind = NOW.minus(Duration.ofMinutes(10));
        assertThat(refusal(verify("kinesis", SigningRules.JSON_5_MINUTES, tenMinutesBehind, "us-east-1")).message())
                .isEqualTo("Signature expired: 20261204T063500Z is now earlier than 20261204T064000Z "
                        + "(20261204T064500Z - 5 min.)");
        assertThat(refusal(verify("lambda", SigningRules.REST_JSON_5_MINUTES, tenMinutesBehind, "us-east-1")).status())
                .isEqualTo(403);
        for (String service : new String[] {"dynamodb", "sts"}) {
            SigningRules rules = service.equals("sts") ? SigningRules.QUERY_15_MINUTES : SigningRules.DYNAMODB_15_MINUTES;
            assertThat(verify(service, rules, tenMinutesBehind, "us-east-1")).as(service)
                    .isEqualTo(Authentication.authenticated(Caller.accountRoot("000000000000", KEY_ID)));
            assertThat(refusal(verify(service, rules, NOW.minus(Duration.ofMinutes(20)), "us-east-1")).message())
                    .as(service).endsWith("(20261204T064500Z - 15 min.)");
        }
    }

    @Test
    void aScopeOfAnotherRegionIsRefusedInEachFamilysWords() {
        String message = "Credential should be scoped to a valid region, not 'eu-west-1'. ";
        assertThat(refusal(verify("kinesis", SigningRules.JSON_5_MINUTES, NOW, "eu-west-1")))
                .isEqualTo(new AuthFailure("InvalidSignatureException", 400, message));
        assertThat(refusal(verify("sts", SigningRules.QUERY_15_MINUTES, NOW, "eu-west-1")))
                .isEqualTo(new AuthFailure("SignatureDoesNotMatch", 403, message));
        assertThat(refusal(verify("dynamodb", SigningRules.DYNAMODB_15_MINUTES, NOW, "eu-west-1")).code())
                .isEqualTo("com.amazon.coral.service#InvalidSignatureException");
    }

    @Test
    void aGlobalServiceAlsoTakesItsOwnRegionsWhereverTheServerRuns() {
        SigV4Verifier inFrankfurt = new SigV4Verifier(
                CredentialStore.of(AccessKey.accountRoot("000000000000", KEY_ID, SECRET)), InstantSource.fixed(NOW),
                "eu-central-1");
        SigningRules iam = SigningRules.QUERY_15_MINUTES.alsoAccepting("us-east-1", "aws-global");
        for (String region : List.of("us-east-1", "aws-global", "eu-central-1")) {
            assertThat(inFrankfurt.verify(signedIn(region, "iam", NOW), "iam", iam)).as(region)
                    .isInstanceOf(Authentication.Authenticated.class);
        }
        assertThat(refusal(inFrankfurt.verify(signedIn("ap-south-1", "iam", NOW), "iam", iam)).message())
                .isEqualTo("Credential should be scoped to a valid region, not 'ap-south-1'. ");
        assertThat(refusal(inFrankfurt.verify(signedIn("us-east-1", "kinesis", NOW), "kinesis",
                SigningRules.JSON_5_MINUTES)).message())
                .isEqualTo("Credential should be scoped to a valid region, not 'us-east-1'. ");
    }

    private Authentication verify(String service, SigningRules rules, Instant signedAt, String region) {
        return verifier.verify(signedIn(region, service, signedAt), service, rules);
    }

    private static AwsRequest signedIn(String region, String service, Instant at) {
        return SigV4VerifierTest.signed(KEY_ID, SECRET, service, at, Map.of(), region);
    }

    private static AuthFailure refusal(Authentication authentication) {
        assertThat(authentication).isInstanceOf(Authentication.Refused.class);
        return ((Authentication.Refused) authentication).failure();
    }
}
