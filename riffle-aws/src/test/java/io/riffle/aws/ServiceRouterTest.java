package io.riffle.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ServiceRouterTest {

    private static final String STS_SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sts/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=abc";
    private static final String KINESIS_SIGNED = STS_SIGNED.replace("/sts/", "/kinesis/");

    private static final AwsService KINESIS = service("kinesis", new ServiceRoute.ByTarget("Kinesis_20131202."));
    private static final AwsService DYNAMODB = service("dynamodb", new ServiceRoute.ByTarget("DynamoDB_20120810."));
    private static final AwsService STS = service("sts", new ServiceRoute.ByQueryVersion("2011-06-15", "sts"));
    private static final AwsService IAM = service("iam", new ServiceRoute.ByQueryVersion("2010-05-08", "iam"));
    private static final AwsService LAMBDA = service("lambda", new ServiceRoute.ByPath("/2015-03-31/event-source-mappings"));
    private static final AwsService LAMBDA_FUNCTIONS = service("lambda-functions", new ServiceRoute.ByPath("/2015-03-31"));

    private final ServiceRouter router = new ServiceRouter(List.of(KINESIS, DYNAMODB, STS, IAM, LAMBDA, LAMBDA_FUNCTIONS));

    @Test
    void routesByTargetPrefix() {
        assertThat(serviceOf(post("/", Map.of("X-Amz-Target", "Kinesis_20131202.PutRecord",
                "Content-Type", "application/x-amz-cbor-1.1"), "{}"))).isSameAs(KINESIS);
        assertThat(serviceOf(post("/", Map.of("x-amz-target", "DynamoDB_20120810.GetItem",
                "Content-Type", "application/x-amz-json-1.0"), "{}"))).isSameAs(DYNAMODB);
    }

    @Test
    void anUnknownTargetIsUnknownOperationInTheRequestsOwnFormat() throws Exception {
        AwsRequest json = post("/", Map.of("X-Amz-Target", "Firehose_20150804.PutRecord",
                "Content-Type", "application/x-amz-json-1.1"), "{}");
        AwsAnswer answer = refusal(json).answer(json, "req-1");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers().get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(answer.headers().get("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
        assertThat(answer.bodyText()).isEqualTo("{\"__type\":\"UnknownOperationException\"}");

        AwsRequest cbor = post("/", Map.of("X-Amz-Target", "Kinesis_20131202",
                "Content-Type", "application/x-amz-cbor-1.1"), "");
        AwsAnswer cborAnswer = refusal(cbor).answer(cbor, "req-2");
        assertThat(cborAnswer.status()).isEqualTo(400);
        assertThat(cborAnswer.headers().get("Content-Type")).isEqualTo("application/x-amz-cbor-1.1");
        byte[] body = ByteBufUtil.getBytes(((AwsAnswer.Whole) cborAnswer.body()).bytes());
        assertThat(new ObjectMapper(new CBORFactory()).readTree(body).toString())
                .isEqualTo("{\"__type\":\"UnknownOperationException\"}");
    }

    @Test
    void aTargetWithoutAnOperationNameIsUnknown() {
        for (String target : List.of("Kinesis_20131202.", ".PutRecord", "PutRecord", "Kinesis_20131202")) {
            AwsRequest request = post("/", Map.of("X-Amz-Target", target), "{}");
            assertThat(refusal(request)).as(target).isEqualTo(RoutingFailure.unknownOperation());
        }
    }

    @Test
    void routesQueryFormsByVersion() {
        assertThat(serviceOf(form("Action=GetCallerIdentity&Version=2011-06-15", Map.of()))).isSameAs(STS);
        assertThat(serviceOf(form("Action=ListUsers&Version=2010-05-08", Map.of()))).isSameAs(IAM);
        assertThat(serviceOf(AwsRequest.of("GET", "/?Action=GetCallerIdentity&Version=2011-06-15", Map.of(),
                new byte[0]))).isSameAs(STS);
        // a form whose content type has parameters
        assertThat(serviceOf(AwsRequest.of("POST", "/", Map.of("Content-Type",
                "application/x-www-form-urlencoded; charset=utf-8"),
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes()))).isSameAs(STS);
    }

    @Test
    void aSignedQueryFormMustBeScopedToTheVersionsService() {
        assertThat(serviceOf(form("Action=GetCallerIdentity&Version=2011-06-15", Map.of("Authorization", STS_SIGNED))))
                .isSameAs(STS);
        AwsRequest wrong = form("Action=GetCallerIdentity&Version=2011-06-15", Map.of("Authorization", KINESIS_SIGNED));
        RoutingFailure failure = refusal(wrong);
        assertThat(failure).isEqualTo(RoutingFailure.wrongSigningService("sts"));
        AwsAnswer answer = failure.answer(wrong, "req-3");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.headers().get("Content-Type")).isEqualTo("text/xml");
        assertThat(answer.bodyText()).isEqualTo("""
                <ErrorResponse>
                  <Error>
                    <Type>Sender</Type>
                    <Code>SignatureDoesNotMatch</Code>
                    <Message>Credential should be scoped to correct service: &apos;sts&apos;. </Message>
                  </Error>
                  <RequestId>req-3</RequestId>
                </ErrorResponse>
                """);
        // presigned: the scope is in the query
        AwsRequest presigned = AwsRequest.of("GET", "/?Action=ListUsers&Version=2010-05-08"
                + "&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fsts%2Faws4_request", Map.of(), new byte[0]);
        assertThat(refusal(presigned)).isEqualTo(RoutingFailure.wrongSigningService("iam"));
    }

    @Test
    void anUnknownOrMissingVersionIsInvalidAction() {
        assertThat(refusal(form("Action=Publish&Version=2010-03-31", Map.of())).message())
                .isEqualTo("Could not find operation Publish for version 2010-03-31");
        AwsRequest noVersion = form("Action=GetCallerIdentity", Map.of());
        RoutingFailure failure = refusal(noVersion);
        assertThat(failure.code()).isEqualTo("InvalidAction");
        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.message()).isEqualTo("Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED");
        assertThat(refusal(form("Action=X&Version=%zz", Map.of())).code()).isEqualTo("InvalidAction");
    }

    @Test
    void routesByTheLongestPathPrefixFirst() {
        assertThat(serviceOf(AwsRequest.of("GET", "/2015-03-31/event-source-mappings/", Map.of(), new byte[0])))
                .isSameAs(LAMBDA);
        assertThat(serviceOf(AwsRequest.of("GET", "/2015-03-31/event-source-mappings?FunctionName=f", Map.of(),
                new byte[0]))).isSameAs(LAMBDA);
        assertThat(serviceOf(AwsRequest.of("POST", "/2015-03-31/functions/f/invocations", Map.of(), new byte[0])))
                .isSameAs(LAMBDA_FUNCTIONS);
        // a prefix matches whole segments only
        assertThat(serviceOf(AwsRequest.of("GET", "/2015-03-31/event-source-mappingsX", Map.of(), new byte[0])))
                .isSameAs(LAMBDA_FUNCTIONS);
        assertThat(refusal(AwsRequest.of("GET", "/2015-03-310", Map.of(), new byte[0])))
                .isEqualTo(RoutingFailure.accessDenied());
    }

    @Test
    void thePathComesBeforeTheTarget() {
        AwsRequest request = post("/2015-03-31/event-source-mappings", Map.of("X-Amz-Target", "Kinesis_20131202.PutRecord"), "{}");
        assertThat(serviceOf(request)).isSameAs(LAMBDA);
    }

    @Test
    void theTargetComesBeforeTheQueryForm() {
        AwsRequest request = AwsRequest.of("POST", "/", Map.of("X-Amz-Target", "Kinesis_20131202.ListStreams",
                "Content-Type", "application/x-www-form-urlencoded"), "Action=GetCallerIdentity&Version=2011-06-15".getBytes());
        assertThat(serviceOf(request)).isSameAs(KINESIS);
    }

    /** Kinesis' front end: a POST without a target is UnknownOperationException, in CBOR unless the request is JSON. */
    @Test
    void aPostWithoutTargetIsUnknownOperationInCborUnlessJson() throws Exception {
        for (String contentType : new String[] {null, "application/x-amz-cbor-1.1", "text/plain"}) {
            Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
            AwsRequest request = AwsRequest.of("POST", "/", headers, "{}".getBytes());
            AwsAnswer answer = refusal(request).answer(request, "req-4");
            assertThat(answer.status()).as(contentType).isEqualTo(400);
            assertThat(answer.headers().get("Content-Type")).isEqualTo("application/x-amz-cbor-1.1");
            assertThat(new ObjectMapper(new CBORFactory()).readTree(ByteBufUtil.getBytes(((AwsAnswer.Whole) answer.body()).bytes())).toString())
                    .isEqualTo("{\"__type\":\"UnknownOperationException\"}");
        }
        for (String contentType : new String[] {"application/x-amz-json-1.1", "application/json"}) {
            AwsRequest request = AwsRequest.of("POST", "/", Map.of("Content-Type", contentType), "{}".getBytes());
            AwsAnswer answer = refusal(request).answer(request, "req-5");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.headers().get("Content-Type")).isEqualTo(contentType);
            assertThat(answer.bodyText()).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
        }
    }

    /** Kinesis' front end: any other method that nothing routes is 403 AccessDeniedException in XML. */
    @Test
    void otherMethodsAreAccessDenied() {
        for (String method : new String[] {"GET", "PUT", "DELETE", "HEAD"}) {
            AwsRequest request = AwsRequest.of(method, "/", Map.of("Authorization", KINESIS_SIGNED), new byte[0]);
            RoutingFailure failure = refusal(request);
            assertThat(failure).as(method).isEqualTo(RoutingFailure.accessDenied());
            AwsAnswer answer = failure.answer(request, "req-6");
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.bodyText()).isEqualTo("<AccessDeniedException>\n  <Message>Unable to determine "
                    + "service/operation name to be authorized</Message>\n</AccessDeniedException>\n");
        }
        assertThat(refusal(AwsRequest.of("GET", "/?Version=2011-06-15", Map.of(), new byte[0])))
                .isEqualTo(RoutingFailure.accessDenied());
    }

    /** An untyped POST reaches STS only when its body is a form naming an Action. */
    @Test
    void anUntypedPostIsAQueryFormOnlyWhenItNamesAnAction() {
        AwsRequest sts = AwsRequest.of("POST", "/", Map.of(), "Action=GetCallerIdentity&Version=2011-06-15".getBytes());
        assertThat(serviceOf(sts)).isSameAs(STS);
        assertThat(sts.queryProtocolParameters()).containsKey("Action");
        for (String body : new String[] {"Version=2011-06-15", "{}", "", "Action"}) {
            assertThat(refusal(AwsRequest.of("POST", "/", Map.of(), body.getBytes()))).as(body)
                    .isEqualTo(RoutingFailure.unknownOperation());
        }
    }

    @Test
    void twoServicesMayNotClaimTheSameRoute() {
        AwsService other = service("other", new ServiceRoute.ByQueryVersion("2011-06-15", "other"));
        assertThatThrownBy(() -> new ServiceRouter(List.of(STS, other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sts").hasMessageContaining("other");
        AwsService target = service("kinesis2", new ServiceRoute.ByTarget("Kinesis_20131202."));
        assertThatThrownBy(() -> new ServiceRouter(List.of(KINESIS, target))).isInstanceOf(IllegalArgumentException.class);
        AwsService path = service("lambda2", new ServiceRoute.ByPath("/2015-03-31"));
        assertThatThrownBy(() -> new ServiceRouter(List.of(LAMBDA_FUNCTIONS, path))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routesAreCheckedWhenMade() {
        assertThatThrownBy(() -> new ServiceRoute.ByTarget("Kinesis_20131202")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServiceRoute.ByPath("/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServiceRoute.ByPath("/a/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServiceRoute.ByPath("a")).isInstanceOf(IllegalArgumentException.class);
    }

    private AwsService serviceOf(AwsRequest request) {
        Route route = router.route(request);
        assertThat(route).isInstanceOf(Route.ToService.class);
        return ((Route.ToService) route).service();
    }

    private RoutingFailure refusal(AwsRequest request) {
        Route route = router.route(request);
        assertThat(route).isInstanceOf(Route.Refused.class);
        return ((Route.Refused) route).failure();
    }

    private static AwsRequest post(String uri, Map<String, String> headers, String body) {
        return AwsRequest.of("POST", uri, headers, body.getBytes());
    }

    private static AwsRequest form(String body, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/x-www-form-urlencoded");
        return post("/", all, body);
    }

    private static AwsService service(String name, ServiceRoute... routes) {
        return new AwsService() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<ServiceRoute> routes() {
                return List.of(routes);
            }

            @Override
            public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
                return CompletableFuture.completedFuture(AwsAnswer.empty(200));
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
