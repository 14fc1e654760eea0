package io.riffle.sts;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Route;
import io.riffle.aws.ServiceRouter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StsServiceTest {
    private final StsService sts = new StsService("123456789012");
    private final ServiceRouter router = new ServiceRouter(List.of(sts));

    @Test
    void getCallerIdentityNamesTheAccountsRoot() {
        AwsAnswer answer = sts.serve(form("Action=GetCallerIdentity&Version=2011-06-15")).join();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bodyText()).contains("<Arn>arn:aws:iam::123456789012:root</Arn>")
                .contains("<Account>123456789012</Account>").contains("<RequestId>request-1</RequestId>");
    }

    @Test
    void anotherActionIsInvalidAction() {
        AwsAnswer answer = sts.serve(form("Action=AssumeRole&Version=2011-06-15")).join();
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.bodyText()).contains("<Code>InvalidAction</Code>").contains("not 'AssumeRole'");
    }

    @Test
    void theFrontDoorRoutesStsFormsByTheirVersion() {
        assertThat(router.route(form("Action=GetCallerIdentity&Version=2011-06-15")))
                .isEqualTo(new Route.ToService(sts));
        assertThat(router.route(form("Action=GetCallerIdentity&Version=2010-05-08"))).isInstanceOf(Route.Refused.class);
    }

    private static AwsRequest form(String body) {
        AwsRequest request = AwsRequest.of("POST", "/", Map.of("Content-Type", AwsRequest.FORM_CONTENT_TYPE),
                body.getBytes(StandardCharsets.UTF_8));
        return new AwsRequest(request.method(), request.path(), request.query(), request.headers(), request.body(),
                null, "request-1", Runnable::run);
    }
}
