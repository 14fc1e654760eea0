package io.riffle.iam;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.Caller;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.SigningRules;
import io.riffle.aws.auth.Authorizer;
import io.riffle.aws.auth.CredentialStore;
import io.riffle.aws.auth.ManagedPolicies;
import io.riffle.aws.auth.Roles;
import io.riffle.aws.policy.PolicyDocument;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.QueryProtocol;
import io.riffle.aws.wire.XmlWriter;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IAM on the front door (the query protocol, {@code Version=2010-05-08}, routed by it): users and
 * their access keys, groups, roles with trust policies, inline and managed policies, kept in the
 * {@code _iam} log ({@link IamEngine}). Every call is authorized as {@code iam:<Action>} on the
 * entity's ARN: the root may do anything, a user what its policies allow. Answers in IAM's XML; the
 * actions live in {@link IdentityActions} and {@link PolicyActions}. {@link #credentials()} and
 * {@link #authorizer()} are what the front door asks about every request once IAM is on.
 */
public final class IamService implements AwsService, AutoCloseable {

    public static final String VERSION = "2010-05-08";
    public static final String LOG_NAME = IamEngine.LOG_NAME;
    static final String NAMESPACE = "https://iam.amazonaws.com/doc/" + VERSION + "/";
    private static final String XML = "text/xml";
    private static final Logger log = LoggerFactory.getLogger(IamService.class);

    /** One IAM action: its answer's result members, or null for an action without output. */
    interface Action {
        CompletableFuture<Consumer<XmlWriter>> run(Params params, IamEngine engine);
    }

    /** An action's form parameters, and who calls it. */
    record Params(Map<String, List<String>> form, Caller caller) {
        String required(String name) {
            String value = FormEncoding.first(form, name);
            if (value == null) {
                throw IamError.missing(Character.toLowerCase(name.charAt(0)) + name.substring(1));
            }
            return value;
        }

        String optional(String name, String otherwise) {
            String value = FormEncoding.first(form, name);
            return value == null ? otherwise : value;
        }

        /** The caller's user name when it signs with an IAM user's keys (IAM's implicit UserName), else null. */
        String callerUserName() {
            String arn = caller == null ? null : caller.arn();
            int user = arn == null ? -1 : arn.indexOf(":user/");
            return user < 0 ? null : arn.substring(arn.lastIndexOf('/') + 1);
        }
    }

    private final String accountId;
    private final Map<String, Action> actions = new HashMap<>();
    private final Map<String, ResourceOf> resources = new HashMap<>();
    private final IamAuthorizer authorizer;
    private volatile IamEngine engine;
    private volatile Authorizer callAuthorizer = Authorizer.allowAll();

    /** The ARN an action is authorized on, from its parameters. */
    interface ResourceOf {
        String of(Params params);
    }

    public IamService(String accountId) {
        this.accountId = accountId;
        this.authorizer = new IamAuthorizer(accountId, () -> engine == null ? IamDirectory.EMPTY : engine.directory());
        new IdentityActions(accountId).registerIn(this);
        new PolicyActions(accountId).registerIn(this);
    }

    void register(String name, ResourceOf resource, Action action) {
        actions.put(name, action);
        resources.put(name, resource);
    }

    /**
     * Opens the {@code _iam} log (with the secrets' key in {@code dataDir}); IAM answers 503 until then. The
     * first start of a data directory (or of one from before it was kept) writes when the account was created.
     */
    public void start(LogStore store, Path dataDir, SnapshotPolicy snapshots, InstantSource clock) throws IOException {
        IamEngine opened = IamEngine.open(store, dataDir, snapshots, clock);
        if (opened.read(IamState::accountCreatedMs).join() == 0) {
            opened.write(s -> List.of(new IamEvent.AccountCreated(opened.nowMs())), s -> null).join();
        }
        engine = opened;
    }

    /** Turns policy checks on for IAM's own calls (auth=sigv4); off, anyone may call IAM. */
    public void enforcePolicies() {
        callAuthorizer = authorizer;
    }

    /** The users' access keys, for SigV4 verification; empty before start. */
    public CredentialStore credentials() {
        return new IamCredentials(accountId, () -> engine == null ? null : engine);
    }

    /** The account's roles, for STS AssumeRole; none before start. */
    public Roles roles() {
        return roleArn -> {
            IamEngine running = engine;
            String prefix = "arn:aws:iam::" + accountId + ":role/";
            if (running == null || roleArn == null || !roleArn.startsWith(prefix)) {
                return Optional.empty();
            }
            String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
            return running.directory().role(name)
                    .filter(role -> IamNames.arn(accountId, "role", role.identity().path(), name).equals(roleArn))
                    .map(role -> new Roles.AssumableRole(roleArn, name, role.identity().id(),
                            PolicyDocument.parse(role.trustPolicy(), PolicyDocument.Kind.RESOURCE),
                            role.maxSessionSeconds()));
        };
    }

    /** The account's managed policies, for STS AssumeRole's PolicyArns; none before start. */
    public ManagedPolicies managedPolicies() {
        return policyArn -> {
            IamEngine running = engine;
            return running != null && policyArn != null && running.directory().managedPolicy(policyArn).isPresent();
        };
    }

    /** The account's policies: what every service asks before it acts (auth=sigv4). */
    public Authorizer authorizer() {
        return authorizer;
    }

    @Override
    public String name() {
        return "iam";
    }

    @Override
    public SigningRules signingRules() {
        // IAM is global: AWS signs it for us-east-1. With an endpoint override the SDKs sign with the client's region
        // as given (SDK v2's Region.AWS_GLOBAL, the idiom for IamClient, signs "aws-global"; the AWS CLI likewise),
        // so a client set up as for AWS's IAM works against a server of any region, as does one in the server's.
        return SigningRules.QUERY_15_MINUTES.alsoAccepting("us-east-1", "aws-global");
    }

    @Override
    public List<ServiceRoute> routes() {
        return List.of(new ServiceRoute.ByQueryVersion(VERSION, "iam"));
    }

    @Override
    public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        Map<String, List<String>> form = request.queryProtocolParameters();
        String name = Optional.ofNullable(FormEncoding.first(form, "Action")).orElse("");
        String requestId = request.requestId();
        Action action = actions.get(name);
        if (action == null) {
            return done(error(new AwsServiceException("InvalidAction", 400, "Could not find operation " + name
                    + " for version " + VERSION), requestId));
        }
        IamEngine running = engine;
        if (running == null) {
            return done(error(new AwsServiceException("ServiceUnavailable", 503, "IAM is starting"), requestId));
        }
        try {
            Caller caller = request.caller() != null ? request.caller() : Caller.accountRoot(accountId, "");
            Params params = new Params(form, caller);
            Optional<AuthFailure> denied = callAuthorizer.authorize(caller, "iam:" + name,
                    resources.get(name).of(params), Authorizer.requestKeys(request, Instant.now()));
            if (denied.isPresent()) {
                return done(error(IamError.accessDenied(denied.get().message()), requestId));
            }
            return action.run(params, running).handle((result, failure) -> failure == null
                    ? AwsAnswer.of(200, XML, QueryProtocol.response(name, result == null ? null : name + "Result",
                            NAMESPACE, requestId, result == null ? w -> { } : result))
                    : error(failure, requestId));
        } catch (RuntimeException e) {
            return done(error(e, requestId));
        }
    }

    private static AwsAnswer error(Throwable failure, String requestId) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof AwsServiceException e) {
            return AwsAnswer.of(e.status(), XML, QueryProtocol.error(e, NAMESPACE, requestId));
        }
        log.error("IAM request {} failed", requestId, cause);
        return AwsAnswer.of(500, XML, QueryProtocol.error(new AwsServiceException("ServiceFailure", 500,
                "Request processing has failed due to some unknown error, exception or failure."), NAMESPACE, requestId));
    }

    private static CompletableFuture<AwsAnswer> done(AwsAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }

    @Override
    public void close() {
        IamEngine running = engine;
        if (running != null) {
            running.close();
        }
    }
}
