package io.riffle.sts;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.Caller;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.SigningRules;
import io.riffle.aws.auth.Authorizer;
import io.riffle.aws.auth.ManagedPolicies;
import io.riffle.aws.auth.Roles;
import io.riffle.aws.auth.SessionTokens;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * AWS STS on the front door: {@code GetCallerIdentity}, answered with the caller the front door's
 * authenticator found (the key's principal; with authentication off, the root of Riffle's account, and a
 * request that reaches the service without a caller is answered as that root too), and
 * {@code GetSessionToken} ({@link GetSessionTokenAction}) and {@code AssumeRole} ({@link AssumeRoleAction}). The Kinesis Producer Library (1.x) asks STS
 * for the account at start, builds the stream ARN from it and exits when the call fails; pointing its
 * STS endpoint at Riffle lets it run unchanged, and the ARN names Riffle's streams.
 *
 * <p>STS speaks the query protocol: a form ({@code Action=GetCallerIdentity&Version=2011-06-15}),
 * POSTed or in a GET's query, answered in XML; the front door routes it here by its
 * {@code Version}. Another action is STS' {@code InvalidAction}. Thread-safe.
 */
public final class StsService implements AwsService {

    public static final String VERSION = "2011-06-15";
    static final String GET_CALLER_IDENTITY = "GetCallerIdentity";

    private final String accountId;
    private final GetSessionTokenAction getSessionToken;
    private final AssumeRoleAction assumeRole;

    /**
     * @param accountId the 12-digit account every caller belongs to
     * @param sessions  seals the temporary credentials GetSessionToken issues
     */
    public StsService(String accountId, SessionTokens sessions, InstantSource clock) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.getSessionToken = new GetSessionTokenAction(sessions, clock);
        this.assumeRole = new AssumeRoleAction(sessions, clock);
    }

    /** Where AssumeRole finds the account's roles (IAM's); none until given. */
    public StsService roles(Roles roles) {
        assumeRole.roles(roles);
        return this;
    }

    /** Where AssumeRole checks that managed session policies exist (IAM's); none until given. */
    public StsService managedPolicies(ManagedPolicies policies) {
        assumeRole.managedPolicies(policies);
        return this;
    }

    /** Turns AssumeRole's checks on (auth=sigv4): the root refused, trust policies and the caller's policies. */
    public void enforce(Authorizer authorizer) {
        assumeRole.enforce(authorizer);
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
        AwsAnswer answer;
        if (GET_CALLER_IDENTITY.equals(action)) {
            answer = StsXml.result(GET_CALLER_IDENTITY, StsXml.element(4, "Arn", caller.arn())
                    + StsXml.element(4, "UserId", caller.userId())
                    + StsXml.element(4, "Account", caller.accountId()), request.requestId());
        } else if (GetSessionTokenAction.ACTION.equals(action)) {
            answer = getSessionToken.answer(request, parameters, caller);
        } else if (AssumeRoleAction.ACTION.equals(action)) {
            answer = assumeRole.answer(request, parameters, caller);
        } else {
            answer = StsXml.error(400, "InvalidAction", "Riffle answers only the STS actions " + GET_CALLER_IDENTITY
                    + ", " + GetSessionTokenAction.ACTION + " and " + AssumeRoleAction.ACTION + ", not '"
                    + (action == null ? "" : action) + "'", request.requestId());
        }
        return CompletableFuture.completedFuture(answer);
    }
}
