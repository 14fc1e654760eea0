package io.riffle.sts;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.Route;
import io.riffle.aws.ServiceRouter;
import io.riffle.aws.auth.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StsServiceTest {
    private static final String ACCOUNT = "123456789012";
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00.750Z");
    private final SessionTokens sessions = new SessionTokens(new byte[SessionTokens.KEY_BYTES], new SecureRandom());
    private final StsService sts = new StsService(ACCOUNT, sessions, InstantSource.fixed(NOW));
    private final ServiceRouter router = new ServiceRouter(List.of(sts));
    private final Caller user = new Caller(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/ana", "AIDAEXAMPLEUSER00001",
            "AKIAEXAMPLEKEY000001");

    @Test
    void getCallerIdentityNamesTheAccountsRoot() {
        AwsAnswer answer = sts.serve(form("Action=GetCallerIdentity&Version=2011-06-15")).join();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bodyText()).contains("<Arn>arn:aws:iam::123456789012:root</Arn>")
                .contains("<Account>123456789012</Account>").contains("<RequestId>request-1</RequestId>");
    }

    @Test
    void anotherActionIsInvalidAction() {
        AwsAnswer answer = sts.serve(form("Action=GetFederationToken&Name=x&Version=2011-06-15")).join();
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.bodyText()).contains("<Code>InvalidAction</Code>").contains("not 'GetFederationToken'");
    }

    @Test
    void theFrontDoorRoutesStsFormsByTheirVersion() {
        assertThat(router.route(form("Action=GetCallerIdentity&Version=2011-06-15")))
                .isEqualTo(new Route.ToService(sts));
        assertThat(router.route(form("Action=GetCallerIdentity&Version=2010-05-08"))).isInstanceOf(Route.Refused.class);
    }

    @Test
    void getSessionTokenIssuesSealedCredentialsOfTheCaller() {
        AwsAnswer answer = sts.serve(form("Action=GetSessionToken&Version=2011-06-15&DurationSeconds=7200")
                .withCaller(user)).join();
        assertThat(answer.status()).isEqualTo(200);
        String body = answer.bodyText();
        assertThat(body).startsWith("<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                .contains("<Expiration>2026-12-04T12:00:00Z</Expiration>");
        String keyId = element(body, "AccessKeyId");
        assertThat(keyId).matches("ASIA[A-Z2-7]{16}");
        SessionTokens.Opened opened = sessions.open(keyId, element(body, "SessionToken")).orElseThrow();
        assertThat(opened.accessKey().secretAccessKey()).isEqualTo(element(body, "SecretAccessKey"));
        assertThat(opened.accessKey().principal().arn()).isEqualTo(user.arn());
        assertThat(opened.session().issuerAccessKeyId()).isEqualTo(user.accessKeyId());
        assertThat(opened.session().expiresAt()).isEqualTo(Instant.parse("2026-12-04T12:00:00Z"));
    }

    @Test
    void sessionDurationsDefaultTo12HoursAndTheRootsToOneHourAtMost() {
        assertThat(expiration(form("Action=GetSessionToken&Version=2011-06-15").withCaller(user)))
                .isEqualTo("2026-12-04T22:00:00Z");
        Caller root = Caller.accountRoot(ACCOUNT, "AKIAROOT");
        assertThat(expiration(form("Action=GetSessionToken&Version=2011-06-15").withCaller(root)))
                .isEqualTo("2026-12-04T11:00:00Z");
        assertThat(expiration(form("Action=GetSessionToken&Version=2011-06-15&DurationSeconds=129600")
                .withCaller(root))).isEqualTo("2026-12-04T11:00:00Z");
        assertThat(expiration(form("Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900")
                .withCaller(root))).isEqualTo("2026-12-04T10:15:00Z");
    }

    @Test
    void durationsOutsideTheModelsRangeAreValidationErrors() {
        assertError("Action=GetSessionToken&Version=2011-06-15&DurationSeconds=899", 400, "ValidationError",
                "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 900");
        assertError("Action=GetSessionToken&Version=2011-06-15&DurationSeconds=129601&TokenCode=12a", 400,
                "ValidationError", "2 validation errors detected: Value '129601' at 'durationSeconds' failed to "
                        + "satisfy constraint: Member must have value less than or equal to 129600; Value '12a' at "
                        + "'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6");
    }

    @Test
    void sessionCredentialsAndMfaCodesAreRefused() {
        AwsRequest withToken = AwsRequest.of("POST", "/", Map.of("Content-Type", AwsRequest.FORM_CONTENT_TYPE,
                "X-Amz-Security-Token", "token"), "Action=GetSessionToken&Version=2011-06-15"
                .getBytes(StandardCharsets.UTF_8));
        AwsAnswer answer = sts.serve(withToken).join();
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.bodyText()).contains("<Code>AccessDenied</Code>")
                .contains("<Message>Cannot call GetSessionToken with session credentials</Message>");
        assertError("Action=GetSessionToken&Version=2011-06-15&SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fana"
                + "&TokenCode=123456", 403, "AccessDenied", GetSessionTokenAction.MFA_MESSAGE);
    }

    private void assertError(String form, int status, String code, String message) {
        AwsAnswer answer = sts.serve(form(form)).join();
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.bodyText()).contains("<Code>" + code + "</Code>")
                .contains("<Message>" + message + "</Message>");
    }

    private String expiration(AwsRequest request) {
        return element(sts.serve(request).join().bodyText(), "Expiration");
    }

    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertThat(matcher.find()).as("%s in %s", name, xml).isTrue();
        return matcher.group(1);
    }

    private static AwsRequest form(String body) {
        AwsRequest request = AwsRequest.of("POST", "/", Map.of("Content-Type", AwsRequest.FORM_CONTENT_TYPE),
                body.getBytes(StandardCharsets.UTF_8));
        return new AwsRequest(request.method(), request.path(), request.query(), request.headers(), request.body(),
                null, "request-1", Runnable::run);
    }

    @Test
    void aSessionPolicysPackedLengthLeavesOutOnlyWhitespaceBetweenTokens() {
        assertThat(AssumeRoleAction.packedLength("{ \"Sid\" : \"a b\\\" c\" ,\n\t\"x\": [ 1 ] }"))
                .isEqualTo("{\"Sid\":\"a b\\\" c\",\"x\":[1]}".length());
    }
}
