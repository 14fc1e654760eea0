package io.riffle.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.auth.BrowserSessions;
import java.io.IOException;
import java.util.Optional;

/**
 * The console's sign-in API, for a server with {@code auth=sigv4}: {@code GET session} (whether this browser is
 * signed in, as whom, and its CSRF token, which the page keeps in memory only), {@code POST signin} (a JSON body
 * {@code accessKeyId}, {@code secretAccessKey}, optional {@code sessionToken}, checked by {@link BrowserSessions}
 * against the keys SigV4 verifies; the answer sets the HttpOnly session cookie) and {@code POST signout}. With
 * {@code auth=none} ({@code sessions} null) {@code session} says that no sign-in is needed.
 *
 * <p>The secret is read from the body and dropped: it is never kept, logged or answered.
 */
final class ConsoleSignIn {

    private static final String JSON = "application/json";

    private final BrowserSessions sessions; // null with auth=none
    private final ObjectMapper json;

    ConsoleSignIn(BrowserSessions sessions, ObjectMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    /** The answer to {@code call} when it is one of the sign-in calls, else empty. */
    Optional<AwsAnswer> answer(String call, AwsRequest request) {
        return switch (call) {
            case "session" -> Optional.of(request.method().equals("GET") ? session(request) : onlyWith("GET"));
            case "signin" -> Optional.of(request.method().equals("POST") ? signIn(request) : onlyWith("POST"));
            case "signout" -> Optional.of(request.method().equals("POST") ? signOut(request) : onlyWith("POST"));
            default -> Optional.empty();
        };
    }

    private AwsAnswer session(AwsRequest request) {
        ObjectNode body = json.createObjectNode().put("auth", sessions == null ? "none" : "sigv4");
        if (sessions == null) {
            return AwsAnswer.of(200, JSON, body.put("signedIn", true).toString());
        }
        Optional<BrowserSessions.Session> session = sessions.of(request);
        body.put("signedIn", session.isPresent());
        session.ifPresent(s -> body.put("arn", s.caller().arn()).put("accessKeyId", s.accessKeyId())
                .put("csrfToken", s.csrfToken()).put("expiresAt", s.expiresAt().toString()));
        AwsAnswer answer = AwsAnswer.of(200, JSON, body.toString());
        answer.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return answer;
    }

    private AwsAnswer signIn(AwsRequest request) {
        if (sessions == null) {
            return failure(400, "This server runs with auth=none: the console needs no sign-in.");
        }
        // a JSON body only: a cross-site HTML form cannot send one without a CORS preflight, so no login CSRF
        if (!"application/json".equals(request.mediaType())) {
            return failure(415, "Sign in with a JSON body (Content-Type: application/json).");
        }
        JsonNode body;
        try {
            body = json.readTree(request.bodyBytes());
        } catch (IOException e) {
            return failure(400, "The sign-in body is not JSON.");
        }
        if (body == null || !body.isObject()) {
            return failure(400, "The sign-in body is not a JSON object.");
        }
        Optional<BrowserSessions.Session> session = sessions.signIn(text(body, "accessKeyId"),
                text(body, "secretAccessKey"), text(body, "sessionToken"));
        if (session.isEmpty()) {
            return failure(401, "The access key id, secret access key or session token is not valid.");
        }
        BrowserSessions.Session s = session.get();
        AwsAnswer answer = AwsAnswer.of(200, JSON, json.createObjectNode().put("auth", "sigv4").put("signedIn", true)
                .put("arn", s.caller().arn()).put("accessKeyId", s.accessKeyId()).put("csrfToken", s.csrfToken())
                .put("expiresAt", s.expiresAt().toString()).toString());
        answer.headers().set(HttpHeaderNames.SET_COOKIE, sessions.cookie(s, request.origin().isSecureTransport()));
        answer.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return answer;
    }

    private AwsAnswer signOut(AwsRequest request) {
        Optional<BrowserSessions.Session> session = sessions == null ? Optional.empty() : sessions.of(request);
        if (session.isPresent() && !BrowserSessions.hasCsrfToken(request, session.get())) {
            // another site must not sign the operator out
            return failure(403, "Sign out needs the session's " + BrowserSessions.CSRF_HEADER + " header.");
        }
        session.ifPresent(s -> sessions.signOut(request));
        AwsAnswer answer = AwsAnswer.of(200, JSON, "{\"signedIn\":false}");
        answer.headers().set(HttpHeaderNames.SET_COOKIE, BrowserSessions.clearedCookie());
        return answer;
    }

    private static String text(JsonNode body, String member) {
        JsonNode value = body.get(member);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private AwsAnswer onlyWith(String method) {
        AwsAnswer answer = failure(405, "Use " + method + ".");
        answer.headers().set(HttpHeaderNames.ALLOW, method);
        return answer;
    }

    private AwsAnswer failure(int status, String message) {
        return AwsAnswer.of(status, JSON, json.createObjectNode().put("message", message).toString());
    }
}
