package io.riffle.aws.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.Caller;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers (the web console), since a browser cannot sign SigV4 without holding the secret in script:
 * {@link #signIn} checks an access key id and secret (or session credentials) against the server's
 * {@link CredentialStore}, the same keys SigV4 verifies against, and opens a session; the browser then holds its id
 * in an HttpOnly, SameSite=Strict cookie ({@value #COOKIE}) and sends the session's CSRF token in the
 * {@value #CSRF_HEADER} header on every call that is not a GET. {@link #authenticating} puts this in front of the
 * server's SigV4 authenticator, so a session's calls act as its key's principal and every policy check after
 * authentication applies unchanged.
 *
 * <p>A session lasts {@link #lifetime} from sign-in, or until its temporary credentials expire, or until its key is
 * no longer known (a deleted user key, a rotated root); then, or after {@link #signOut}, its cookie counts for
 * nothing and the request goes on to SigV4 (which refuses an unsigned one). Sessions live in memory only: a restart
 * signs everyone out. Thread-safe; called on event loops, never blocks.
 */
public final class BrowserSessions {

    public static final String COOKIE = "riffle-session";
    public static final String CSRF_HEADER = "X-Riffle-Csrf";
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    /** More open sessions than any console needs; beyond it the oldest-expiring go first. */
    private static final int MAX_SESSIONS = 10_000;

    private final CredentialStore credentials;
    private final InstantSource clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    /** What a signed-in browser holds: the cookie's value, the CSRF token, who it acts as and until when. */
    public record Session(String id, String csrfToken, Caller caller, String accessKeyId, String sessionToken,
                          Instant expiresAt) {
        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(csrfToken, "csrfToken");
            Objects.requireNonNull(caller, "caller");
        }

        /** Never the id or the token. */
        @Override
        public String toString() {
            return "Session[" + caller.arn() + " until " + expiresAt + "]";
        }
    }

    public BrowserSessions(CredentialStore credentials, InstantSource clock, Duration lifetime) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    }

    /**
     * A new session for these credentials, or empty when the key is unknown, its session token is not the one given,
     * it has expired or the secret is wrong (one answer for all, so a sign-in form does not tell which).
     */
    public Optional<Session> signIn(String accessKeyId, String secretAccessKey, String sessionToken) {
        if (accessKeyId == null || secretAccessKey == null) {
            return Optional.empty();
        }
        String token = sessionToken == null || sessionToken.isBlank() ? null : sessionToken.strip();
        Instant now = clock.instant();
        Optional<AccessKey> found = credentials.find(accessKeyId.strip(), token);
        if (found.isEmpty() || !Objects.equals(found.get().sessionToken(), token) || found.get().isExpiredAt(now)
                || !MessageDigest.isEqual(found.get().secretAccessKey().getBytes(UTF_8),
                secretAccessKey.strip().getBytes(UTF_8))) {
            return Optional.empty();
        }
        AccessKey key = found.get();
        Instant expiresAt = now.plus(lifetime);
        if (key.expiresAt() != null && key.expiresAt().isBefore(expiresAt)) {
            expiresAt = key.expiresAt();
        }
        if (byId.size() >= MAX_SESSIONS) {
            forgetExpired(now);
            byId.values().stream().min(Comparator.comparing(Session::expiresAt))
                    .ifPresent(oldest -> byId.remove(oldest.id()));
        }
        Session session = new Session(randomToken(), randomToken(), key.principal(), key.accessKeyId(), token,
                expiresAt);
        byId.put(session.id(), session);
        return Optional.of(session);
    }

    /** The live session whose id {@code request}'s cookie carries, or empty. */
    public Optional<Session> of(AwsRequest request) {
        String id = cookieValue(request);
        Session session = id == null ? null : byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (!isLive(session, clock.instant())) {
            byId.remove(session.id());
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Ends the session {@code request}'s cookie names, if any. */
    public void signOut(AwsRequest request) {
        String id = cookieValue(request);
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Whether {@code request} carries its session's CSRF token (compared in constant time). */
    public static boolean hasCsrfToken(AwsRequest request, Session session) {
        String sent = request.header(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(UTF_8),
                session.csrfToken().getBytes(UTF_8));
    }

    /** The {@code Set-Cookie} value that hands {@code session} to the browser ({@code Secure} over TLS). */
    public String cookie(Session session, boolean isSecureTransport) {
        long maxAgeSeconds = Math.max(0, Duration.between(clock.instant(), session.expiresAt()).toSeconds());
        return COOKIE + "=" + session.id() + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (isSecureTransport ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that makes the browser drop its session cookie. */
    public static String clearedCookie() {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
    }

    /**
     * {@code signed} with signed-in browsers in front: a request carrying a live session's cookie (and, unless it is a
     * GET or HEAD, that session's CSRF token) is the session's caller; any other goes to {@code signed}, so a
     * cross-site POST that the browser sent with the cookie but without the token is refused as an unsigned one.
     */
    public Authenticator authenticating(Authenticator signed) {
        return new Authenticator() {
            @Override
            public Authentication authenticate(AwsRequest request) {
                return bySession(request).orElseGet(() -> signed.authenticate(request));
            }

            @Override
            public Authentication authenticate(AwsRequest request, AwsService service) {
                return bySession(request).orElseGet(() -> signed.authenticate(request, service));
            }
        };
    }

    private Optional<Authentication> bySession(AwsRequest request) {
        boolean isSafe = request.method().equals("GET") || request.method().equals("HEAD");
        return of(request).filter(session -> isSafe || hasCsrfToken(request, session))
                .map(session -> Authentication.authenticated(session.caller()));
    }

    private boolean isLive(Session session, Instant now) {
        if (!now.isBefore(session.expiresAt())) {
            return false;
        }
        // the key must still be the server's: a deleted access key or a rotated root ends its sessions at once
        Optional<AccessKey> key = credentials.find(session.accessKeyId(), session.sessionToken());
        return key.isPresent() && Objects.equals(key.get().sessionToken(), session.sessionToken())
                && !key.get().isExpiredAt(now);
    }

    private void forgetExpired(Instant now) {
        byId.values().removeIf(session -> !now.isBefore(session.expiresAt()));
    }

    private static String cookieValue(AwsRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
            if (cookie.name().equals(COOKIE)) {
                return cookie.value();
            }
        }
        return null;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
