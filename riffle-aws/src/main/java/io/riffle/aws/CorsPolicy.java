package io.riffle.aws;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may call Riffle from a browser (CORS). A browser sends a page's cross-origin
 * request only if the server allows the page's {@code Origin}: first a preflight {@code OPTIONS}
 * (for the AWS SDK's POSTs with {@code Authorization}, {@code X-Amz-*} headers), then the request,
 * whose answer must name the origin in {@code Access-Control-Allow-Origin}.
 *
 * <p>The allowed origins come from a setting and default to none: any web page a developer opens
 * could otherwise drive the Riffle on their laptop. {@code *} (every origin) is refused while
 * authentication is off for the same reason. An origin is {@code scheme://host[:port]}, compared
 * with the scheme and host in lower case and the scheme's default port dropped.
 *
 * <p>Immutable; used from every event loop.
 */
public final class CorsPolicy {

    public static final String ANY_ORIGIN = "*";
    static final String ORIGIN = "Origin";
    static final String REQUEST_METHOD = "Access-Control-Request-Method";
    static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    static final String MAX_AGE = "Access-Control-Max-Age";
    static final String VARY = "Vary";
    /** The methods AWS's protocols use. */
    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, HEAD";
    /** What the SDKs read from an answer besides the CORS-safelisted headers. */
    static final String EXPOSED_HEADERS = "x-amzn-RequestId, x-amzn-ErrorType, x-amz-request-id, x-amz-id-2, Date";
    /** How long a browser may cache a preflight's answer. */
    static final long MAX_AGE_SECONDS = 86_400;

    private final Set<String> allowedOrigins;
    private final boolean isAnyOriginAllowed;

    private CorsPolicy(Set<String> allowedOrigins, boolean isAnyOriginAllowed) {
        this.allowedOrigins = allowedOrigins;
        this.isAnyOriginAllowed = isAnyOriginAllowed;
    }

    /** No origin allowed: browsers may not call Riffle from a page of another origin. */
    public static CorsPolicy none() {
        return new CorsPolicy(Set.of(), false);
    }

    /**
     * A policy allowing {@code origins} ({@code scheme://host[:port]}, or {@code *} for any).
     *
     * @throws IllegalArgumentException for a malformed origin, or {@code *} while {@code isAuthenticationOn} is false
     */
    public static CorsPolicy allowing(List<String> origins, boolean isAuthenticationOn) {
        Set<String> normalized = new LinkedHashSet<>();
        boolean isAny = false;
        for (String origin : origins) {
            String trimmed = origin.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equals(ANY_ORIGIN)) {
                if (!isAuthenticationOn) {
                    throw new IllegalArgumentException("CORS origin '*' lets every web page call this server, and "
                            + "authentication is off: list the origins of the pages that need it instead");
                }
                isAny = true;
                continue;
            }
            String canonical = canonical(trimmed);
            if (canonical == null) {
                throw new IllegalArgumentException("CORS origin '" + trimmed
                        + "' is not scheme://host[:port] (no path), e.g. http://localhost:3000");
            }
            normalized.add(canonical);
        }
        return new CorsPolicy(Set.copyOf(normalized), isAny);
    }

    /** The canonical form of {@code origin} ({@code http://host:port}, lower case, default port dropped), or null when it is not one. */
    static String canonical(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        int port = uri.getPort();
        boolean isDefaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (isDefaultPort ? "" : ":" + port);
    }

    /** Whether any origin is allowed; with none, the front door need not look at CORS headers at all. */
    public boolean isEnabled() {
        return isAnyOriginAllowed || !allowedOrigins.isEmpty();
    }

    /** Whether a page of {@code origin} (an {@code Origin} header's value, may be null) may call Riffle. */
    public boolean isAllowed(String origin) {
        if (origin == null) {
            return false;
        }
        if (isAnyOriginAllowed) {
            return true;
        }
        String canonical = canonical(origin.trim());
        return canonical != null && allowedOrigins.contains(canonical);
    }

    /** Whether {@code request} is a CORS preflight: {@code OPTIONS} with an {@code Origin} and an {@code Access-Control-Request-Method}. */
    public static boolean isPreflight(AwsRequest request) {
        return "OPTIONS".equals(request.method()) && request.header(ORIGIN) != null
                && request.header(REQUEST_METHOD) != null;
    }

    /**
     * The answer to a preflight: 200 allowing the AWS protocols' methods and the headers asked for
     * when the origin is allowed, else 403 without any {@code Access-Control-*} header (the browser
     * then refuses the page's request).
     */
    public AwsAnswer preflight(AwsRequest request) {
        String origin = request.header(ORIGIN);
        if (!isAllowed(origin)) {
            AwsAnswer refused = AwsAnswer.empty(403);
            refused.headers().set(VARY, ORIGIN);
            return refused;
        }
        AwsAnswer answer = AwsAnswer.empty(200);
        HttpHeaders headers = answer.headers();
        headers.set(ALLOW_ORIGIN, allowOriginValue(origin))
                .set(ALLOW_METHODS, ALLOWED_METHODS)
                .set(MAX_AGE, MAX_AGE_SECONDS)
                .set(VARY, ORIGIN);
        String requested = request.header(REQUEST_HEADERS);
        if (requested != null && !requested.isBlank()) {
            headers.set(ALLOW_HEADERS, tokens(requested));
        }
        return answer;
    }

    /**
     * Adds to {@code answerHeaders} what a browser needs to hand an answer to a page of
     * {@code origin} (the request's {@code Origin}, may be null); nothing when the origin is not allowed.
     */
    public void decorate(String origin, HttpHeaders answerHeaders) {
        if (!isAllowed(origin)) {
            return;
        }
        answerHeaders.set(ALLOW_ORIGIN, allowOriginValue(origin))
                .set(EXPOSE_HEADERS, EXPOSED_HEADERS)
                .add(VARY, ORIGIN);
    }

    private String allowOriginValue(String origin) {
        return isAnyOriginAllowed ? ANY_ORIGIN : origin.trim();
    }

    /** The comma-separated header names of {@code list}, each a token (anything else is dropped). */
    private static String tokens(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty() && trimmed.chars().allMatch(CorsPolicy::isTokenChar)) {
                names.add(trimmed);
            }
        }
        return String.join(", ", names);
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    @Override
    public String toString() {
        return isAnyOriginAllowed ? ANY_ORIGIN : String.join(",", allowedOrigins);
    }
}
