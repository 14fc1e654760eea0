package io.riffle.aws.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.Caller;
import io.riffle.aws.SessionContext;
import io.riffle.aws.SessionTags;
import io.riffle.aws.SigningRules;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Sealed session tokens: what they hold, that nothing else opens, and how the verifier answers them. */
class SessionTokensTest {
    private static final String ACCOUNT = "000000000000";
    private static final String ROOT_KEY = "AKIARIFFLEROOT000001";
    private static final String ROOT_SECRET = "riffle/root/secret/for/session/tests0000";
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Caller ROOT = Caller.accountRoot(ACCOUNT, ROOT_KEY);

    private final byte[] key = new byte[SessionTokens.KEY_BYTES];
    private final SessionTokens sessions = new SessionTokens(key, new SecureRandom());
    private final AtomicReference<CredentialStore> longTerm = new AtomicReference<>(
            CredentialStore.of(AccessKey.accountRoot(ACCOUNT, ROOT_KEY, ROOT_SECRET)));
    private final CredentialStore store = sessions.over(id -> longTerm.get().find(id));

    @Test
    void aTokenHoldsItsSessionAndKeyAndOpensAfterARestart() {
        Session asked = new Session(Session.Kind.ASSUMED_ROLE, new Caller(ACCOUNT,
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/reader/s1", "AROAREADER:s1", ""),
                "arn:aws:iam::" + ACCOUNT + ":role/reader", ROOT_KEY, NOW, NOW.plusSeconds(3600),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:Get*\"}]}",
                List.of("arn:aws:iam::" + ACCOUNT + ":policy/readers", "arn:aws:iam::" + ACCOUNT + ":policy/a/b"),
                new SessionTags(Map.of("Project", "blue"), List.of("Project")));
        AccessKey issued = sessions.issue(asked);
        assertThat(issued.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(issued.secretAccessKey()).hasSize(40);
        assertThat(issued.isTemporary()).isTrue();
        assertThat(issued.principal().accessKeyId()).isEqualTo(issued.accessKeyId());

        SessionTokens restarted = new SessionTokens(key.clone(), new SecureRandom()); // same key file, new process
        SessionTokens.Opened opened = restarted.open(issued.accessKeyId(), issued.sessionToken()).orElseThrow();
        assertThat(opened.accessKey()).isEqualTo(issued);
        assertThat(opened.session()).isEqualTo(new Session(asked.kind(), issued.principal(), asked.sourceArn(),
                asked.issuerAccessKeyId(), asked.issuedAt(), asked.expiresAt(), asked.sessionPolicy(),
                asked.sessionPolicyArns(), asked.tags()));
    }

    @Test
    void aVersionOneTokenSealedBeforeManagedSessionPoliciesStillOpens() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) { // version 1's layout: no ARN list at the end
            out.writeByte(Session.Kind.GET_SESSION_TOKEN.ordinal());
            for (String text : List.of("ASIAOLDTOKEN00000000", "old-secret", ACCOUNT, ROOT.arn(), ROOT.userId(),
                    ROOT.arn(), ROOT_KEY)) {
                out.writeUTF(text);
            }
            out.writeLong(NOW.toEpochMilli());
            out.writeLong(NOW.plusSeconds(900).toEpochMilli());
            out.writeBoolean(false);
        }
        byte[] plaintext = bytes.toByteArray();
        byte[] sealed = new byte[1 + SessionTokens.NONCE_BYTES + plaintext.length + SessionTokens.TAG_BITS / 8];
        sealed[0] = SessionTokens.VERSION_WITHOUT_POLICY_ARNS;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(SessionTokens.TAG_BITS,
                sealed, 1, SessionTokens.NONCE_BYTES));
        cipher.updateAAD(sealed, 0, 1);
        cipher.doFinal(plaintext, 0, plaintext.length, sealed, 1 + SessionTokens.NONCE_BYTES);

        SessionTokens.Opened opened = sessions.open("ASIAOLDTOKEN00000000",
                Base64.getEncoder().encodeToString(sealed)).orElseThrow();
        assertThat(opened.session().sessionPolicy()).isNull();
        assertThat(opened.session().sessionPolicyArns()).isEmpty();
        assertThat(opened.session().expiresAt()).isEqualTo(NOW.plusSeconds(900));
    }

    @Test
    void nothingButTheTokenOfThatKeyOpens() {
        AccessKey issued = sessions.issue(Session.ofCaller(ROOT, NOW, NOW.plusSeconds(900)));
        assertThat(sessions.open("ASIAOTHERKEY00000000", issued.sessionToken())).isEmpty();
        byte[] bytes = Base64.getDecoder().decode(issued.sessionToken());
        for (int i = 0; i < bytes.length; i++) { // every single changed byte fails the tag (or the version)
            byte[] altered = bytes.clone();
            altered[i] ^= 0x01;
            assertThat(sessions.open(issued.accessKeyId(), Base64.getEncoder().encodeToString(altered)))
                    .as("byte %d", i).isEmpty();
        }
        assertThat(sessions.open(issued.accessKeyId(), "not base64 !")).isEmpty();
        assertThat(sessions.open(issued.accessKeyId(), "")).isEmpty();
        byte[] otherKey = new byte[SessionTokens.KEY_BYTES];
        otherKey[0] = 1;
        assertThat(new SessionTokens(otherKey, new SecureRandom()).open(issued.accessKeyId(), issued.sessionToken()))
                .isEmpty();
        assertThatThrownBy(() -> new SessionTokens(new byte[16], new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVerifierAcceptsASessionsSignatureAsItsPrincipal() {
        AccessKey issued = sessions.issue(Session.ofCaller(ROOT, NOW, NOW.plusSeconds(900)));
        Authentication authentication = verify(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken(),
                NOW.plusSeconds(899), SigningRules.JSON_5_MINUTES);
        Caller root = Caller.accountRoot(ACCOUNT, issued.accessKeyId());
        assertThat(authentication).isEqualTo(Authentication.authenticated(new Caller(root.accountId(), root.arn(),
                root.userId(), root.accessKeyId(), new SessionContext(NOW, root.arn(), null, List.of(),
                SessionTags.NONE))));
    }

    @Test
    void anExpiredSessionIsAnExpiredTokenInEachServicesWords() {
        AccessKey issued = sessions.issue(Session.ofCaller(ROOT, NOW, NOW.plusSeconds(900)));
        Instant later = NOW.plusSeconds(900);
        assertThat(refusal(verify(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken(), later,
                SigningRules.JSON_5_MINUTES))).isEqualTo(new AuthFailure("ExpiredTokenException", 400,
                "The security token included in the request is expired"));
        assertThat(refusal(verify(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken(), later,
                SigningRules.QUERY_15_MINUTES))).isEqualTo(new AuthFailure("ExpiredToken", 403,
                "The security token included in the request is expired"));
    }

    @Test
    void aMissingOrMismatchedTokenIsAnUnrecognizedClient() {
        AccessKey first = sessions.issue(Session.ofCaller(ROOT, NOW, NOW.plusSeconds(900)));
        AccessKey second = sessions.issue(Session.ofCaller(ROOT, NOW, NOW.plusSeconds(900)));
        AuthFailure unrecognized = new AuthFailure("UnrecognizedClientException", 400,
                "The security token included in the request is invalid.");
        assertThat(refusal(verify(first.accessKeyId(), first.secretAccessKey(), second.sessionToken(), NOW,
                SigningRules.JSON_5_MINUTES))).isEqualTo(unrecognized);
        assertThat(refusal(verify(first.accessKeyId(), first.secretAccessKey(), null, NOW,
                SigningRules.JSON_5_MINUTES))).isEqualTo(unrecognized);
        assertThat(refusal(verify(ROOT_KEY, ROOT_SECRET, first.sessionToken(), NOW, SigningRules.QUERY_15_MINUTES)))
                .isEqualTo(new AuthFailure("InvalidClientTokenId", 403,
                        "The security token included in the request is invalid."));
    }

    @Test
    void aSessionEndsWithTheLongTermKeyThatIssuedIt() {
        AccessKey issued = sessions.issue(Session.ofCaller(ROOT, NOW, NOW.plusSeconds(900)));
        longTerm.set(CredentialStore.of(AccessKey.accountRoot(ACCOUNT, "AKIARIFFLEROOT000002", ROOT_SECRET)));
        assertThat(refusal(verify(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken(), NOW,
                SigningRules.JSON_5_MINUTES)).code()).isEqualTo("UnrecognizedClientException");
    }

    private Authentication verify(String keyId, String secret, String token, Instant at, SigningRules rules) {
        Map<String, String> extra = token == null ? Map.of() : Map.of("x-amz-security-token", token);
        return new SigV4Verifier(store, InstantSource.fixed(at)).verify(
                SigV4VerifierTest.signed(keyId, secret, "kinesis", at, extra), "kinesis", rules);
    }

    private static AuthFailure refusal(Authentication authentication) {
        assertThat(authentication).isInstanceOf(Authentication.Refused.class);
        return ((Authentication.Refused) authentication).failure();
    }
}
