package io.riffle.sts;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.Caller;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.SigningRules;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * AWS STS on the front door: {@code GetCallerIdentity}, answered with the caller the front door's
 * authenticator found (today any credentials are the root of Riffle's account; a request that
 * reaches the service without one is answered as that root too). The Kinesis Producer Library (1.x) asks
 * STS for the account at start, builds the stream ARN from it and exits when the call fails;
 * pointing its STS endpoint at Riffle lets it run unchanged, and the ARN names Riffle's streams.
 *
 * <p>STS speaks the query protocol: a form ({@code Action=GetCallerIdentity&Version=2011-06-15}),
 * POSTed or in a GET's query, answered in XML; the front door routes it here by its
 * {@code Version}. Another action is STS' {@code InvalidAction}. Stateless and thread-safe.
 */
public final class StsService implements AwsService {

    public static final String VERSION = "2011-06-15";
    static final String XML_CONTENT_TYPE = "text/xml";
    static final String GET_CALLER_IDENTITY = "GetCallerIdentity";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + VERSION + "/";

    private final String accountId;

    /** @param accountId the 12-digit account every caller belongs to */
    public StsService(String accountId) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    @Override
    public String name() {
        return "sts";
    }

    /** STS' SigV4 rules: query-protocol errors (InvalidClientTokenId, SignatureDoesNotMatch: 403), 15 minutes of skew. */
    @Override
    public SigningRules signingRules() {
        return SigningRules.QUERY_15_MINUTES;
    }

    @Override
    public List<ServiceRoute> routes() {
        return List.of(new ServiceRoute.ByQueryVersion(VERSION, "sts"));
    }

    @Override
    public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        Map<String, List<String>> parameters = request.queryProtocolParameters();
        String action = FormEncoding.first(parameters, "Action");
        Caller caller = request.caller() != null ? request.caller() : Caller.accountRoot(accountId, "");
        AwsAnswer answer = GET_CALLER_IDENTITY.equals(action)
                ? AwsAnswer.of(200, XML_CONTENT_TYPE, callerIdentity(caller, request.requestId()))
                : AwsAnswer.of(400, XML_CONTENT_TYPE, invalidAction(action == null ? "" : action, request.requestId()));
        return CompletableFuture.completedFuture(answer);
    }

    private static String callerIdentity(Caller caller, String requestId) {
        return "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + escapeXml(caller.arn()) + "</Arn>\n"
                + "    <UserId>" + escapeXml(caller.userId()) + "</UserId>\n"
                + "    <Account>" + escapeXml(caller.accountId()) + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n";
    }

    private static String invalidAction(String action, String requestId) {
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error>\n"
                + "    <Type>Sender</Type>\n"
                + "    <Code>InvalidAction</Code>\n"
                + "    <Message>Riffle answers only the STS action " + GET_CALLER_IDENTITY + ", not '"
                + escapeXml(action) + "'</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n"
                + "</ErrorResponse>\n";
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
