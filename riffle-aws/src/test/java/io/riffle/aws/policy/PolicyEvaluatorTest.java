package io.riffle.aws.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.aws.policy.PolicyEvaluator.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

    private static final String ACCOUNT = "000000000000";
    private static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    private static final String ROOT = "arn:aws:iam::" + ACCOUNT + ":root";
    private static final String STREAM_A = "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/A";
    private static final String STREAM_B = "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/B";

    private static PolicyDocument identity(String statements) {
        return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}",
                PolicyDocument.Kind.IDENTITY);
    }

    private static PolicyDocument resource(String statements) {
        return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}",
                PolicyDocument.Kind.RESOURCE);
    }

    private static AccessRequest request(String principal, String action, String resource, String... keyValues) {
        Map<String, List<String>> keys = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            keys.computeIfAbsent(keyValues[i], k -> new java.util.ArrayList<>()).add(keyValues[i + 1]);
        }
        keys.putIfAbsent(ConditionKeys.USERNAME, List.of("alice"));
        return new AccessRequest(principal, ACCOUNT, action, resource, keys);
    }

    private static Outcome identityOnly(PolicyDocument policy, AccessRequest request) {
        return PolicyEvaluator.evaluate(request, List.of(policy), List.of(), null);
    }

    private static final PolicyDocument PUT_RECORDS_ON_A = identity(
            "{\"Effect\":\"Allow\",\"Action\":\"kinesis:PutRecords\",\"Resource\":\"" + STREAM_A + "\"}");

    @Test
    void anIdentityPolicyAllowsOnlyWhatItLists() {
        assertThat(identityOnly(PUT_RECORDS_ON_A, request(ALICE, "kinesis:PutRecords", STREAM_A))).isEqualTo(Outcome.ALLOWED);
        assertThat(identityOnly(PUT_RECORDS_ON_A, request(ALICE, "kinesis:PutRecord", STREAM_A)))
                .isEqualTo(Outcome.NO_IDENTITY_ALLOW);
        assertThat(identityOnly(PUT_RECORDS_ON_A, request(ALICE, "kinesis:PutRecords", STREAM_B)))
                .isEqualTo(Outcome.NO_IDENTITY_ALLOW);
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "kinesis:PutRecords", STREAM_A), List.of(), List.of(), null))
                .isEqualTo(Outcome.NO_IDENTITY_ALLOW);
    }

    @Test
    void actionsMatchIgnoringCaseWithWildcards() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"Action\":[\"KINESIS:get*\",\"kinesis:Describe?tream\"],"
                + "\"Resource\":\"*\"}");
        assertThat(identityOnly(policy, request(ALICE, "kinesis:GetRecords", STREAM_A))).isEqualTo(Outcome.ALLOWED);
        assertThat(identityOnly(policy, request(ALICE, "kinesis:GetShardIterator", STREAM_B))).isEqualTo(Outcome.ALLOWED);
        assertThat(identityOnly(policy, request(ALICE, "kinesis:DescribeStream", STREAM_B))).isEqualTo(Outcome.ALLOWED);
        assertThat(identityOnly(policy, request(ALICE, "kinesis:DescribeStreamSummary", STREAM_B)))
                .isEqualTo(Outcome.NO_IDENTITY_ALLOW);
        assertThat(identityOnly(policy, request(ALICE, "firehose:GetRecords", STREAM_B))).isEqualTo(Outcome.NO_IDENTITY_ALLOW);
    }

    @Test
    void resourcesMatchCaseSensitivelyWithWildcardsAndVariables() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":["
                + "\"arn:aws:kinesis:*:" + ACCOUNT + ":stream/team-*\",\"arn:aws:kinesis:*:*:stream/${aws:username}-?\"]}");
        assertThat(identityOnly(policy, request(ALICE, "kinesis:PutRecord", "arn:aws:kinesis:eu-west-1:" + ACCOUNT
                + ":stream/team-x"))).isEqualTo(Outcome.ALLOWED);
        assertThat(identityOnly(policy, request(ALICE, "kinesis:PutRecord", "arn:aws:kinesis:eu-west-1:" + ACCOUNT
                + ":stream/TEAM-x"))).isEqualTo(Outcome.NO_IDENTITY_ALLOW);
        assertThat(identityOnly(policy, request(ALICE, "kinesis:PutRecord", "arn:aws:kinesis:us-east-1:1:stream/alice-1")))
                .isEqualTo(Outcome.ALLOWED);
        assertThat(identityOnly(policy, request(ALICE, "kinesis:PutRecord", "arn:aws:kinesis:us-east-1:1:stream/bob-1")))
                .isEqualTo(Outcome.NO_IDENTITY_ALLOW);
    }

    @Test
    void notActionAndNotResourceAllowEverythingElse() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"NotAction\":\"kinesis:Delete*\","
                + "\"NotResource\":\"" + STREAM_B + "\"}");
        assertThat(identityOnly(policy, request(ALICE, "kinesis:PutRecord", STREAM_A))).isEqualTo(Outcome.ALLOWED);
        assertThat(identityOnly(policy, request(ALICE, "kinesis:DeleteStream", STREAM_A))).isEqualTo(Outcome.NO_IDENTITY_ALLOW);
        assertThat(identityOnly(policy, request(ALICE, "kinesis:PutRecord", STREAM_B))).isEqualTo(Outcome.NO_IDENTITY_ALLOW);
    }

    @Test
    void anExplicitDenyWinsOverEveryAllow() {
        PolicyDocument allowAll = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        PolicyDocument denyA = identity("[{\"Effect\":\"Deny\",\"Action\":\"kinesis:*\",\"Resource\":\"" + STREAM_A + "\"}]");
        PolicyDocument everyoneReads = resource("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kinesis:*\","
                + "\"Resource\":\"*\"}");
        AccessRequest put = request(ALICE, "kinesis:PutRecord", STREAM_A);
        assertThat(PolicyEvaluator.evaluate(put, List.of(allowAll, denyA), List.of(everyoneReads), null))
                .isEqualTo(Outcome.EXPLICIT_DENY_IDENTITY);
        PolicyDocument resourceDeny = resource("{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"" + ALICE + "\"},"
                + "\"Action\":\"kinesis:PutRecord\",\"Resource\":\"" + STREAM_A + "\"}");
        assertThat(PolicyEvaluator.evaluate(put, List.of(allowAll), List.of(resourceDeny), null))
                .isEqualTo(Outcome.EXPLICIT_DENY_RESOURCE);
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "kinesis:PutRecord", STREAM_B), List.of(allowAll, denyA),
                List.of(), null)).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void aResourcePolicyAllowsThePrincipalsItNames() {
        PolicyDocument policy = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + ALICE + "\"]},"
                + "\"Action\":[\"kinesis:GetRecords\",\"kinesis:GetShardIterator\"],\"Resource\":\"" + STREAM_A + "\"}");
        AccessRequest read = request(ALICE, "kinesis:GetRecords", STREAM_A);
        assertThat(PolicyEvaluator.evaluate(read, List.of(), List.of(policy), null)).isEqualTo(Outcome.ALLOWED);
        AccessRequest bob = request("arn:aws:iam::" + ACCOUNT + ":user/bob", "kinesis:GetRecords", STREAM_A);
        assertThat(PolicyEvaluator.evaluate(bob, List.of(), List.of(policy), null)).isEqualTo(Outcome.NO_IDENTITY_ALLOW);
        PolicyDocument account = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ACCOUNT + "\"},"
                + "\"Action\":\"kinesis:*\",\"Resource\":\"*\"}");
        assertThat(PolicyEvaluator.evaluate(request(ROOT, "kinesis:GetRecords", STREAM_A), List.of(), List.of(account),
                null)).isEqualTo(Outcome.ALLOWED);
        assertThat(PolicyEvaluator.evaluate(read, List.of(), List.of(account), null)).isEqualTo(Outcome.NO_IDENTITY_ALLOW);
        PolicyDocument role = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT
                + ":role/reader\"},\"Action\":\"kinesis:*\",\"Resource\":\"*\"}");
        assertThat(PolicyEvaluator.evaluate(request(AssumedRoles.sessionArn(ACCOUNT, "reader", "s1"),
                "kinesis:GetRecords", STREAM_A), List.of(), List.of(role), null)).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void aSessionPolicyNarrowsTheIdentityPolicies() {
        PolicyDocument allowAll = identity("{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\"}");
        AccessRequest put = request(ALICE, "kinesis:PutRecord", STREAM_A);
        assertThat(PolicyEvaluator.evaluate(put, List.of(allowAll), List.of(), List.of(PUT_RECORDS_ON_A)))
                .isEqualTo(Outcome.NO_SESSION_ALLOW);
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "kinesis:PutRecords", STREAM_A), List.of(allowAll),
                List.of(), List.of(PUT_RECORDS_ON_A))).isEqualTo(Outcome.ALLOWED);
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "kinesis:PutRecords", STREAM_A), List.of(),
                List.of(), List.of(PUT_RECORDS_ON_A))).isEqualTo(Outcome.NO_IDENTITY_ALLOW);
    }

    private static PolicyDocument allowIf(String condition) {
        return identity("{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\",\"Condition\":" + condition + "}");
    }

    private static boolean allows(PolicyDocument policy, String... keyValues) {
        return identityOnly(policy, request(ALICE, "kinesis:PutRecord", STREAM_A, keyValues)) == Outcome.ALLOWED;
    }

    @Test
    void sourceIpConditionsMatchCidrBlocksOfBothFamilies() {
        PolicyDocument inside = allowIf("{\"IpAddress\":{\"aws:SourceIp\":[\"10.1.0.0/16\",\"2001:db8::/32\"]}}");
        assertThat(allows(inside, "aws:SourceIp", "10.1.200.3")).isTrue();
        assertThat(allows(inside, "aws:SourceIp", "10.2.0.1")).isFalse();
        assertThat(allows(inside, "aws:SourceIp", "2001:db8:1::5")).isTrue();
        assertThat(allows(inside, "aws:SourceIp", "2001:db9::5")).isFalse();
        assertThat(allows(inside)).isFalse();
        PolicyDocument outside = allowIf("{\"NotIpAddress\":{\"aws:sourceip\":\"127.0.0.1\"}}");
        assertThat(allows(outside, "aws:SourceIp", "127.0.0.1")).isFalse();
        assertThat(allows(outside, "aws:SourceIp", "127.0.0.2")).isTrue();
        assertThat(allows(outside)).isTrue(); // a negated operator on a missing key
        assertThat(Condition.inCidr("0.0.0.0/0", "192.168.1.1")).isTrue();
        assertThat(Condition.inCidr("192.168.1.0/23", "192.168.0.9")).isTrue();
        assertThat(Condition.inCidr("192.168.1.0/24", "192.168.0.9")).isFalse();
    }

    @Test
    void stringConditionsAndIfExists() {
        assertThat(allows(allowIf("{\"StringEquals\":{\"aws:username\":\"alice\"}}"))).isTrue();
        assertThat(allows(allowIf("{\"StringEquals\":{\"aws:username\":\"Alice\"}}"))).isFalse();
        assertThat(allows(allowIf("{\"StringEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}"))).isTrue();
        assertThat(allows(allowIf("{\"StringNotEquals\":{\"aws:username\":[\"bob\",\"carol\"]}}"))).isTrue();
        assertThat(allows(allowIf("{\"StringNotEquals\":{\"aws:username\":[\"alice\"]}}"))).isFalse();
        assertThat(allows(allowIf("{\"StringLike\":{\"aws:username\":\"a*e\"}}"))).isTrue();
        assertThat(allows(allowIf("{\"StringNotLike\":{\"aws:username\":\"a?ice\"}}"))).isFalse();
        assertThat(allows(allowIf("{\"StringEquals\":{\"aws:RequestTag/team\":\"x\"}}"))).isFalse();
        assertThat(allows(allowIf("{\"StringEqualsIfExists\":{\"aws:RequestTag/team\":\"x\"}}"))).isTrue();
        assertThat(allows(allowIf("{\"StringEqualsIfExists\":{\"aws:RequestTag/team\":\"x\"}}"), "aws:RequestTag/team", "y"))
                .isFalse();
        assertThat(allows(allowIf("{\"StringEquals\":{\"aws:RequestTag/team\":\"x\"}}"), "aws:RequestTag/team", "x")).isTrue();
        assertThat(allows(allowIf("{\"StringEquals\":{\"aws:RequestTag/Team\":\"x\"}}"), "aws:RequestTag/team", "x")).isFalse();
        assertThat(allows(allowIf("{\"StringEquals\":{\"aws:PrincipalArn\":\"${aws:username}\"}}"), "aws:PrincipalArn",
                "alice")).isTrue();
    }

    @Test
    void arnBoolDateAndNumericConditions() {
        assertThat(allows(allowIf("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/a*\"}}"), "aws:PrincipalArn",
                ALICE)).isTrue();
        assertThat(allows(allowIf("{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"" + ALICE + "\"}}"), "aws:PrincipalArn",
                ALICE)).isFalse();
        PolicyDocument tls = allowIf("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}");
        assertThat(allows(tls, "aws:SecureTransport", "true")).isTrue();
        assertThat(allows(tls, "aws:SecureTransport", "false")).isFalse();
        PolicyDocument before = allowIf("{\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}");
        assertThat(allows(before, "aws:CurrentTime", "2026-12-04T10:00:00Z")).isTrue();
        assertThat(allows(before, "aws:CurrentTime", "2031-01-01T00:00:00Z")).isFalse();
        PolicyDocument after = allowIf("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"1700000000\"}}");
        assertThat(allows(after, "aws:CurrentTime", "2026-12-04T10:00:00Z")).isTrue();
        assertThat(allows(after, "aws:CurrentTime", "2020-01-01T00:00:00Z")).isFalse();
        assertThat(allows(allowIf("{\"NumericLessThan\":{\"aws:EpochTime\":\"100\"}}"), "aws:EpochTime", "99")).isTrue();
        assertThat(allows(allowIf("{\"NumericLessThan\":{\"aws:EpochTime\":\"100\"}}"), "aws:EpochTime", "x")).isFalse();
    }

    @Test
    void nullAndMultiValuedKeys() {
        assertThat(allows(allowIf("{\"Null\":{\"aws:RequestTag/team\":\"true\"}}"))).isTrue();
        assertThat(allows(allowIf("{\"Null\":{\"aws:RequestTag/team\":\"false\"}}"))).isFalse();
        assertThat(allows(allowIf("{\"Null\":{\"aws:RequestTag/team\":\"false\"}}"), "aws:RequestTag/team", "x")).isTrue();
        PolicyDocument onlyKnownTags = allowIf("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}");
        assertThat(allows(onlyKnownTags, "aws:TagKeys", "team", "aws:TagKeys", "env")).isTrue();
        assertThat(allows(onlyKnownTags, "aws:TagKeys", "team", "aws:TagKeys", "cost")).isFalse();
        assertThat(allows(onlyKnownTags)).isTrue(); // ForAllValues over no values
        PolicyDocument anyTeam = allowIf("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"team\"}}");
        assertThat(allows(anyTeam, "aws:TagKeys", "cost", "aws:TagKeys", "team")).isTrue();
        assertThat(allows(anyTeam, "aws:TagKeys", "cost")).isFalse();
        assertThat(allows(anyTeam)).isFalse();
    }

    @Test
    void everyConditionOfAStatementMustHold() {
        PolicyDocument both = allowIf("{\"StringEquals\":{\"aws:username\":\"alice\"},"
                + "\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}");
        assertThat(allows(both, "aws:SourceIp", "10.0.0.1")).isTrue();
        assertThat(allows(both, "aws:SourceIp", "11.0.0.1")).isFalse();
    }

    @Test
    void malformedPoliciesAreRefusedWithIamTexts() {
        assertThatThrownBy(() -> identity("nope")).isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Syntax errors in policy.");
        assertThatThrownBy(() -> PolicyDocument.parse("{not json", PolicyDocument.Kind.IDENTITY))
                .hasMessage("Syntax errors in policy.");
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Version\":\"2013-01-01\",\"Statement\":[]}",
                PolicyDocument.Kind.IDENTITY)).hasMessage("The policy must contain a valid version string");
        assertThatThrownBy(() -> identity("{\"Action\":\"a:b\",\"Resource\":\"*\"}")).hasMessage("Missing required field Effect");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Maybe\",\"Action\":\"a:b\",\"Resource\":\"*\"}"))
                .hasMessage("Invalid effect: Maybe");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Allow\",\"Resource\":\"*\"}")).hasMessage("Missing required field Action");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Allow\",\"Action\":\"a:b\"}"))
                .hasMessage("Policy statement must contain resources.");
        assertThatThrownBy(() -> identity("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"a:b\",\"Resource\":\"*\"}"))
                .hasMessage("Policy document should not specify a principal.");
        assertThatThrownBy(() -> resource("{\"Effect\":\"Allow\",\"Action\":\"a:b\",\"Resource\":\"*\"}"))
                .hasMessage("Missing required field Principal");
        assertThatThrownBy(() -> allowIf("{\"StringSortOf\":{\"aws:username\":\"x\"}}"))
                .hasMessage("Invalid Condition type : StringSortOf");
    }

    @Test
    void denialTextsAreAwsOwn() {
        assertThat(PolicyEvaluator.denialMessage(Outcome.NO_IDENTITY_ALLOW, ALICE, "kinesis:PutRecord", STREAM_A))
                .isEqualTo("User: " + ALICE + " is not authorized to perform: kinesis:PutRecord on resource: " + STREAM_A
                        + " because no identity-based policy allows the kinesis:PutRecord action");
        assertThat(PolicyEvaluator.denialMessage(Outcome.EXPLICIT_DENY_IDENTITY, ALICE, "kinesis:PutRecord", STREAM_A))
                .isEqualTo("User: " + ALICE + " is not authorized to perform: kinesis:PutRecord on resource: " + STREAM_A
                        + " with an explicit deny in an identity-based policy");
    }

    @Test
    void wildcardsBacktrack() {
        assertThat(Wildcard.matches("a*b*c", "aXbYbZc", false)).isTrue();
        assertThat(Wildcard.matches("a*b*c", "aXbYbZ", false)).isFalse();
        assertThat(Wildcard.matches("*", "", false)).isTrue();
        assertThat(Wildcard.matches("?", "", false)).isFalse();
        assertThat(Wildcard.matches("A?C", "abc", true)).isTrue();
        assertThat(Wildcard.matches("A?C", "abc", false)).isFalse();
    }
}
