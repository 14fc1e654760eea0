package io.riffle.aws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BrowserSessionsTest {

    private static final Caller READER = new Caller("000000000000", "arn:aws:iam::000000000000:user/reader",
            "AIDAREADER", "AKIAREADER");
    private static final Authentication UNSIGNED = Authentication.refused(AuthFailure.missingAuthenticationToken());

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    private final Map<String, AccessKey> keys = new HashMap<>(Map.of("AKIAREADER",
            AccessKey.longTerm("AKIAREADER", "secret-of-reader", READER)));
    private final BrowserSessions sessions = new BrowserSessions(id -> java.util.Optional.ofNullable(keys.get(id)),
            now::get, Duration.ofHours(1));
    private final Authenticator authenticator = sessions.authenticating(request -> UNSIGNED);

    private static AwsRequest request(String method, String cookie, String csrf) {
        Map<String, String> headers = new HashMap<>();
        if (cookie != null) {
            headers.put("Cookie", "theme=dark; " + BrowserSessions.COOKIE + "=" + cookie);
        }
        if (csrf != null) {
            headers.put(BrowserSessions.CSRF_HEADER, csrf);
        }
        return AwsRequest.of(method, "/", headers, new byte[0]);
    }

    @Test
    void aRightKeyAndSecretOpenASessionActingAsTheKeysPrincipal() {
        BrowserSessions.Session session = sessions.signIn("AKIAREADER", "secret-of-reader", null).orElseThrow();

        assertThat(session.caller()).isEqualTo(READER);
        assertThat(session.expiresAt()).isEqualTo(now.get().plus(Duration.ofHours(1)));
        assertThat(session.id()).isNotEqualTo(session.csrfToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(authenticator.authenticate(request("GET", session.id(), null)))
                .isEqualTo(Authentication.authenticated(READER));
        assertThat(authenticator.authenticate(request("POST", session.id(), session.csrfToken())))
                .isEqualTo(Authentication.authenticated(READER));
        assertThat(session.toString()).doesNotContain(session.id()).doesNotContain(session.csrfToken());
    }

    @Test
    void aWrongSecretAnUnknownKeyOrAMissingSecretOpenNothing() {
        assertThat(sessions.signIn("AKIAREADER", "secret-of-someone", null)).isEmpty();
        assertThat(sessions.signIn("AKIAOTHER", "secret-of-reader", null)).isEmpty();
        assertThat(sessions.signIn("AKIAREADER", null, null)).isEmpty();
        assertThat(sessions.signIn("AKIAREADER", "secret-of-reader", "a-token-a-long-term-key-does-not-have"))
                .isEmpty();
    }

    @Test
    void aStateChangingCallWithoutTheCsrfTokenGoesToSigV4() {
        BrowserSessions.Session session = sessions.signIn("AKIAREADER", "secret-of-reader", null).orElseThrow();

        assertThat(authenticator.authenticate(request("POST", session.id(), null))).isEqualTo(UNSIGNED);
        assertThat(authenticator.authenticate(request("POST", session.id(), "not-the-token"))).isEqualTo(UNSIGNED);
        assertThat(authenticator.authenticate(request("GET", "not-a-session", null))).isEqualTo(UNSIGNED);
        assertThat(authenticator.authenticate(request("GET", null, null))).isEqualTo(UNSIGNED);
    }

    @Test
    void aSessionEndsWhenItExpiresWhenItsKeyGoesAndAtSignOut() {
        BrowserSessions.Session expiring = sessions.signIn("AKIAREADER", "secret-of-reader", null).orElseThrow();
        now.set(now.get().plus(Duration.ofHours(1)));
        assertThat(sessions.of(request("GET", expiring.id(), null))).isEmpty();

        BrowserSessions.Session deleted = sessions.signIn("AKIAREADER", "secret-of-reader", null).orElseThrow();
        keys.clear();
        assertThat(sessions.of(request("GET", deleted.id(), null))).isEmpty();

        keys.put("AKIAREADER", AccessKey.longTerm("AKIAREADER", "secret-of-reader", READER));
        BrowserSessions.Session signedOut = sessions.signIn("AKIAREADER", "secret-of-reader", null).orElseThrow();
        sessions.signOut(request("POST", signedOut.id(), signedOut.csrfToken()));
        assertThat(sessions.of(request("GET", signedOut.id(), null))).isEmpty();
    }

    @Test
    void temporaryCredentialsNeedTheirTokenAndEndTheSessionWhenTheyExpire() {
        Instant expiry = now.get().plus(Duration.ofMinutes(15));
        keys.put("ASIATEMP", new AccessKey("ASIATEMP", "temp-secret", READER, "the-token", expiry));

        assertThat(sessions.signIn("ASIATEMP", "temp-secret", null)).isEmpty();
        BrowserSessions.Session session = sessions.signIn("ASIATEMP", "temp-secret", "the-token").orElseThrow();
        assertThat(session.expiresAt()).isEqualTo(expiry);
        now.set(expiry);
        assertThat(sessions.of(request("GET", session.id(), null))).isEmpty();
    }

    @Test
    void theCookieIsHttpOnlyAndSameSiteStrictAndSecureOverTls() {
        BrowserSessions.Session session = sessions.signIn("AKIAREADER", "secret-of-reader", null).orElseThrow();

        assertThat(sessions.cookie(session, false)).isEqualTo(BrowserSessions.COOKIE + "=" + session.id()
                + "; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict");
        assertThat(sessions.cookie(session, true)).endsWith("; Secure");
        assertThat(BrowserSessions.clearedCookie()).contains("Max-Age=0");
    }
}
