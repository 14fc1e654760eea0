package io.riffle.sts;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.auth.AccessKey;
import io.riffle.aws.auth.AccessKeyGenerator;
import io.riffle.aws.auth.Authorizer;
import io.riffle.aws.auth.ManagedPolicies;
import io.riffle.aws.auth.Roles;
import io.riffle.aws.auth.Session;
import io.riffle.aws.auth.SessionTokens;
import io.riffle.aws.policy.AccessRequest;
import io.riffle.aws.policy.AssumedRoles;
import io.riffle.aws.policy.MalformedPolicyException;
import io.riffle.aws.policy.PolicyDocument;
import io.riffle.aws.policy.PolicyEvaluator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * STS AssumeRole: temporary credentials acting as a session of an IAM role, with the role's
 * permissions. As AWS decides it when authentication is on: the account root may not assume roles;
 * the role's trust policy must let the caller in, by naming it (its ARN, or its role for a session)
 * or by naming the account, in which case the caller's own policies must also allow
 * {@code sts:AssumeRole} on the role; an explicit Deny in either refuses. DurationSeconds 900 to the
 * role's MaxSessionDuration (default 3,600); a session that assumes a role (role chaining) gets at
 * most an hour. With authentication off every caller is the root and passes: only the role must exist.
 * An inline session policy (Policy) is checked as IAM checks policies, limited to
 * {@value #MAX_PACKED_POLICY_CHARS} characters once whitespace outside strings is taken out, sealed
 * in the session token and evaluated with the role's policies: the session may do only what both
 * allow. Managed session policies (PolicyArns, up to {@value #MAX_POLICY_ARNS}) must exist; they are sealed
 * by ARN, so their current text applies whenever the session is authorized, and with the inline policy
 * they form the session-policy layer (an allow in any of them, and in the role's policies). Their ARNs
 * count towards the packed size. Session tags ({@link SessionTagParameters}) need the trust policy (and, when
 * it names the account, the caller's policies) to allow {@code sts:TagSession}, evaluated with
 * {@code aws:RequestTag/...} and {@code aws:TagKeys}; they are sealed in the token, read by policies as
 * {@code aws:PrincipalTag/...}, and the transitive ones pass to the sessions this one assumes.
 */
final class AssumeRoleAction {
    static final String ACTION = "AssumeRole";
    static final String IAM_ACTION = "sts:AssumeRole";
    static final long MIN_DURATION_SECONDS = 900;
    static final long MAX_DURATION_SECONDS = 43_200;
    static final long DEFAULT_DURATION_SECONDS = 3_600;
    static final long CHAINED_MAX_SECONDS = 3_600;
    static final String ROOT_MESSAGE = "Roles may not be assumed by root accounts.";
    static final String ROLE_LIMIT_MESSAGE = "The requested DurationSeconds exceeds the MaxSessionDuration set for"
            + " this role.";
    static final String CHAINING_MESSAGE = "The requested DurationSeconds exceeds the 1 hour session limit for roles"
            + " assumed by role chaining.";
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");
    /**
     * The model's limit on the Policy text (sessionPolicyDocumentType: longer is a ValidationError, as STS answers
     * length constraints), and ours on the packed size: the policy without insignificant whitespace, the managed
     * policies' ARNs and the tags' keys and values (AWS packs them into a binary format it does not document).
     */
    static final int MAX_PACKED_POLICY_CHARS = 2_048;
    private static final Pattern POLICY_CHARACTERS = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    /** STS' limit on managed session policies; AWS documents it, the model does not say it. */
    static final int MAX_POLICY_ARNS = 10;
    private static final Pattern ARN_CHARACTERS = Pattern.compile(
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]+");
    private static final List<String> NOT_BUILT = List.of("SerialNumber", "TokenCode", "SourceIdentity", "ProvidedContexts.member.1.ProviderArn");

    private final SessionTokens sessions;
    private final InstantSource clock;
    private volatile Roles roles = Roles.none();
    private volatile ManagedPolicies managedPolicies = ManagedPolicies.none();
    private volatile Authorizer authorizer; // null: authentication off, nothing to check

    AssumeRoleAction(SessionTokens sessions, InstantSource clock) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void roles(Roles roles) {
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    void managedPolicies(ManagedPolicies policies) {
        this.managedPolicies = Objects.requireNonNull(policies, "policies");
    }

    void enforce(Authorizer authorizer) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    }

    AwsAnswer answer(AwsRequest request, Map<String, List<String>> parameters, Caller caller) {
        String roleArn = FormEncoding.first(parameters, "RoleArn");
        String sessionName = FormEncoding.first(parameters, "RoleSessionName");
        String durationText = FormEncoding.first(parameters, "DurationSeconds");
        String externalId = FormEncoding.first(parameters, "ExternalId");
        String policy = FormEncoding.first(parameters, "Policy");
        List<String> invalid = new ArrayList<>();
        if (roleArn == null) {
            invalid.add(StsParameters.missing("roleArn"));
        } else if (roleArn.length() < 20 || roleArn.length() > 2048) {
            invalid.add(StsParameters.constraint(roleArn, "roleArn", roleArn.length() < 20
                    ? "Member must have length greater than or equal to 20"
                    : "Member must have length less than or equal to 2048"));
        }
        if (sessionName == null) {
            invalid.add(StsParameters.missing("roleSessionName"));
        } else {
            StsParameters.checkText(invalid, sessionName, "roleSessionName", 2, 64, SESSION_NAME);
        }
        StsParameters.DurationSeconds duration = StsParameters.durationSeconds(request, durationText, invalid,
                MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);
        if (duration.notANumber() != null) {
            return duration.notANumber();
        }
        if (externalId != null) {
            StsParameters.checkText(invalid, externalId, "externalId", 2, 1224, EXTERNAL_ID);
        }
        if (policy != null) {
            StsParameters.checkText(invalid, policy, "policy", 1, MAX_PACKED_POLICY_CHARS, POLICY_CHARACTERS);
        }
        List<String> policyArns = FormEncoding.members(parameters, "PolicyArns", "arn");
        StsParameters.checkListLength(invalid, policyArns, "policyArns", MAX_POLICY_ARNS);
        for (int i = 0; i < policyArns.size(); i++) {
            StsParameters.checkText(invalid, policyArns.get(i), "policyArns." + (i + 1) + ".member.arn", 20, 2048,
                    ARN_CHARACTERS);
        }
        SessionTagParameters tags = SessionTagParameters.read(parameters, invalid);
        if (!invalid.isEmpty()) {
            return StsParameters.validationError(request, invalid);
        }
        for (String parameter : NOT_BUILT) {
            if (FormEncoding.first(parameters, parameter) != null) {
                String name = parameter.contains(".") ? parameter.substring(0, parameter.indexOf('.')) : parameter;
                return StsXml.error(400, "ValidationError", "AssumeRole's " + name + " is not supported by this"
                        + " version of Riffle yet; assume the role without it.", request.requestId());
            }
        }
        AwsAnswer refusedTags = tags.merge(caller.sessionTags().transitive(), request);
        if (refusedTags != null) {
            return refusedTags;
        }
        Integer packedPercent = null;
        if (policy != null) {
            try {
                PolicyDocument.parse(policy, PolicyDocument.Kind.IDENTITY);
            } catch (MalformedPolicyException e) {
                return StsXml.error(400, "MalformedPolicyDocument", e.getMessage(), request.requestId());
            }
        }
        for (String arn : policyArns) {
            if (!managedPolicies.exists(arn)) {
                return StsXml.error(400, "InvalidParameterValue", "Policy " + arn + " does not exist or is not"
                        + " attachable.", request.requestId());
            }
        }
        if (policy != null || !policyArns.isEmpty() || tags.isPassed()) {
            int packed = (policy == null ? 0 : packedLength(policy))
                    + policyArns.stream().mapToInt(String::length).sum() + tags.packedLength();
            packedPercent = (int) Math.ceil(100.0 * packed / MAX_PACKED_POLICY_CHARS);
            if (packedPercent > 100) {
                return StsXml.error(400, "PackedPolicyTooLarge", "Packed policy consumes " + packedPercent
                        + "% of allotted space, please use smaller policy.", request.requestId());
            }
        }
        Optional<Roles.AssumableRole> found = roles.find(roleArn);
        Authorizer checking = authorizer;
        if (checking != null) {
            if (caller.arn().equals("arn:aws:iam::" + caller.accountId() + ":root")) {
                return StsXml.error(403, "AccessDenied", ROOT_MESSAGE, request.requestId());
            }
            Optional<String> refusal = found.isEmpty() ? Optional.of(notAuthorized(caller, roleArn))
                    : refusal(checking, request, caller, found.get(), externalId, tags);
            if (refusal.isPresent()) {
                return StsXml.error(403, "AccessDenied", refusal.get(), request.requestId());
            }
        } else if (found.isEmpty()) {
            return StsXml.error(403, "AccessDenied", notAuthorized(caller, roleArn), request.requestId());
        }
        Roles.AssumableRole role = found.get();
        boolean isChained = StsParameters.isSigned(request, "X-Amz-Security-Token")
                || caller.accessKeyId().startsWith(AccessKeyGenerator.TEMPORARY_PREFIX);
        long seconds = duration.orElse(DEFAULT_DURATION_SECONDS);
        if (isChained && seconds > CHAINED_MAX_SECONDS) {
            return StsXml.error(400, "ValidationError", CHAINING_MESSAGE, request.requestId());
        }
        if (seconds > role.maxSessionSeconds()) {
            return StsXml.error(400, "ValidationError", ROLE_LIMIT_MESSAGE, request.requestId());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // Expiration is said to the second
        String sessionArn = AssumedRoles.sessionArn(caller.accountId(), role.name(), sessionName);
        String assumedRoleId = role.roleId() + ":" + sessionName;
        Caller principal = new Caller(caller.accountId(), sessionArn, assumedRoleId, "");
        AccessKey key = sessions.issue(new Session(Session.Kind.ASSUMED_ROLE, principal, role.arn(),
                caller.accessKeyId(), now, now.plus(Duration.ofSeconds(seconds)), policy, policyArns, tags.tags()));
        return StsXml.result(ACTION, StsXml.credentials(key)
                + "    <AssumedRoleUser>\n"
                + StsXml.element(6, "AssumedRoleId", assumedRoleId)
                + StsXml.element(6, "Arn", sessionArn)
                + "    </AssumedRoleUser>\n"
                + (packedPercent == null ? "" : StsXml.element(4, "PackedPolicySize", packedPercent.toString())),
                request.requestId());
    }

    /**
     * Why {@code caller} may not assume {@code role}, or empty when it may: the caller's policies or a
     * trust policy naming it must allow (and neither deny), and the trust policy must let it in at all.
     */
    private Optional<String> refusal(Authorizer checking, AwsRequest request, Caller caller, Roles.AssumableRole role,
                                     String externalId, SessionTagParameters tags) {
        Map<String, List<String>> keys = new HashMap<>(Authorizer.requestKeys(request, clock.instant()));
        if (externalId != null) {
            keys.put("sts:ExternalId", List.of(externalId));
        }
        Optional<String> refused = refusal(checking, caller, role, IAM_ACTION, keys);
        if (refused.isEmpty() && !tags.tags().isEmpty()) { // passed or inherited: the role must take them
            tags.addConditionKeys(keys);
            refused = refusal(checking, caller, role, SessionTagParameters.TAG_SESSION, keys);
        }
        return refused;
    }

    private static Optional<String> refusal(Authorizer checking, Caller caller, Roles.AssumableRole role, String action,
                                            Map<String, List<String>> keys) {
        Optional<AuthFailure> denied = checking.authorize(caller, action, role.arn(), keys,
                List.of(role.trustPolicy()));
        if (denied.isPresent()) {
            return Optional.of(denied.get().message());
        }
        return trustLetsIn(caller, role, action, keys) ? Optional.empty()
                : Optional.of(notAuthorized(caller, action, role.arn()));
    }

    /** Whether the trust policy allows the caller itself, or the caller's account (which then delegates to IAM). */
    private static boolean trustLetsIn(Caller caller, Roles.AssumableRole role, String action,
                                       Map<String, List<String>> keys) {
        String accountRoot = "arn:aws:iam::" + caller.accountId() + ":root";
        for (String principal : List.of(caller.arn(), accountRoot)) {
            AccessRequest asked = new AccessRequest(principal, caller.accountId(), action, role.arn(), keys);
            if (PolicyEvaluator.evaluate(asked, List.of(), List.of(role.trustPolicy()), null)
                    == PolicyEvaluator.Outcome.ALLOWED) {
                return true;
            }
        }
        return false;
    }

    /** The policy's length without the whitespace between JSON tokens (what is left once it is packed). */
    static int packedLength(String policy) {
        int length = 0;
        boolean inString = false;
        for (int i = 0; i < policy.length(); i++) {
            char c = policy.charAt(i);
            if (inString) {
                if (c == '\\') {
                    length++;
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                length++;
            } else if (c == '"') {
                inString = true;
                length++;
            } else if (!Character.isWhitespace(c)) {
                length++;
            }
        }
        return length;
    }

    private static String notAuthorized(Caller caller, String roleArn) {
        return notAuthorized(caller, IAM_ACTION, roleArn);
    }

    private static String notAuthorized(Caller caller, String action, String roleArn) {
        return "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: " + roleArn;
    }
}
