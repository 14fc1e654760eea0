package io.riffle.aws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One request as every AWS protocol sees it: method, path (without the query), the query's
 * parameters, the headers (case-insensitive names), the body and, once authenticated, the caller
 * (null before); the request target as it came on the wire ({@code uri}: path and query still
 * percent-encoded, which SigV4's canonical request is built from); and, for a service that
 * {@linkplain AwsService#answersAuthRefusals() answers authentication refusals itself}, why its
 * sender was refused ({@code authRefusal}, null when not: then the caller is set).
 *
 * <p>The body is not copied: it is the HTTP layer's buffer, which owns it and releases it after the
 * answer is written. A service that keeps bytes beyond its answer's future copies them (or retains
 * the buffer and releases it itself).
 */
public record AwsRequest(String method, String path, Map<String, List<String>> query, HttpHeaders headers,
                         ByteBuf body, Caller caller, String requestId, Executor answering, String uri,
                         AuthFailure authRefusal, RequestOrigin origin) {

    public static final String TARGET_HEADER = "X-Amz-Target";
    public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    public AwsRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(answering, "answering");
        Objects.requireNonNull(uri, "uri");
        origin = origin == null ? RequestOrigin.UNKNOWN : origin;
    }

    /** A request whose origin (address, transport) is unknown. */
    public AwsRequest(String method, String path, Map<String, List<String>> query, HttpHeaders headers,
                      ByteBuf body, Caller caller, String requestId, Executor answering, String uri,
                      AuthFailure authRefusal) {
        this(method, path, query, headers, body, caller, requestId, answering, uri, authRefusal, null);
    }

    /** A request whose wire target is its path and query encoded again, not refused. */
    public AwsRequest(String method, String path, Map<String, List<String>> query, HttpHeaders headers,
                      ByteBuf body, Caller caller, String requestId, Executor answering) {
        this(method, path, query, headers, body, caller, requestId, answering, encodedUri(path, query), null);
    }

    /** The request {@code http} carries (its body buffer shared, not copied), before authentication. */
    public static AwsRequest of(FullHttpRequest http) {
        return of(http, "", Runnable::run);
    }

    /**
     * The request {@code http} carries, before authentication.
     *
     * @param requestId the {@code x-amzn-RequestId} its answer carries
     * @param answering where a service builds and encodes the answer when its operation completes
     *     on another thread: the request's own event loop, so that no single thread (storage's
     *     acknowledging thread, say) encodes the answers of the whole node
     */
    public static AwsRequest of(FullHttpRequest http, String requestId, Executor answering) {
        QueryStringDecoder uri = new QueryStringDecoder(http.uri(), StandardCharsets.UTF_8);
        return new AwsRequest(http.method().name(), uri.path(), uri.parameters(), http.headers(), http.content(), null,
                requestId, answering, http.uri(), null);
    }

    /** A request built by hand (tests, internal calls); {@code uri} may carry a query. */
    public static AwsRequest of(String method, String uri, Map<String, String> headers, byte[] body) {
        QueryStringDecoder decoded = new QueryStringDecoder(uri, StandardCharsets.UTF_8);
        HttpHeaders httpHeaders = new DefaultHttpHeaders();
        headers.forEach(httpHeaders::add);
        return new AwsRequest(method, decoded.path(), decoded.parameters(), httpHeaders, Unpooled.wrappedBuffer(body), null,
                "", Runnable::run, uri, null);
    }

    /** This request, sent by {@code authenticated}. */
    public AwsRequest withCaller(Caller authenticated) {
        return new AwsRequest(method, path, query, headers, body, authenticated, requestId, answering, uri, null,
                origin);
    }

    /** This request, which came from {@code from} (the front door's connection). */
    public AwsRequest withOrigin(RequestOrigin from) {
        return new AwsRequest(method, path, query, headers, body, caller, requestId, answering, uri, authRefusal, from);
    }

    /** This request, whose sender was refused with {@code refusal} (for a service that answers it itself). */
    public AwsRequest withAuthRefusal(AuthFailure refusal) {
        return new AwsRequest(method, path, query, headers, body, null, requestId, answering, uri,
                Objects.requireNonNull(refusal, "refusal"), origin);
    }

    /** The path of {@link #uri()}, still percent-encoded (as the client sent it). */
    public String rawPath() {
        int question = uri.indexOf('?');
        String target = question < 0 ? uri : uri.substring(0, question);
        int hash = target.indexOf('#');
        return hash < 0 ? target : target.substring(0, hash);
    }

    /** The query of {@link #uri()} after the {@code ?}, still percent-encoded; empty when none. */
    public String rawQuery() {
        int question = uri.indexOf('?');
        if (question < 0) {
            return "";
        }
        int hash = uri.indexOf('#', question);
        return hash < 0 ? uri.substring(question + 1) : uri.substring(question + 1, hash);
    }

    private static String encodedUri(String path, Map<String, List<String>> query) {
        StringBuilder uri = new StringBuilder(path.isEmpty() ? "/" : path);
        char separator = '?';
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            for (String value : parameter.getValue()) {
                uri.append(separator).append(java.net.URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return uri.toString();
    }

    /** The header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The first value of query parameter {@code name}, or null. */
    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The media type of the body, lower case, without parameters ({@code ; charset=...}); empty when none. */
    public String mediaType() {
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE, "");
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the body is a form ({@code application/x-www-form-urlencoded}), as the query protocol POSTs it. */
    public boolean isForm() {
        return FORM_CONTENT_TYPE.equals(mediaType());
    }

    /**
     * The query protocol's parameters ({@code Action}, {@code Version}, ...): the form body of a form
     * POST, else the URI's query (a GET). Decoded on each call.
     */
    public Map<String, List<String>> queryProtocolParameters() {
        return isForm() || isUntypedForm() ? FormEncoding.decode(body.toString(StandardCharsets.UTF_8)) : query;
    }

    /**
     * Whether this is a POST without Content-Type whose body is a query-protocol form (it names an
     * {@code Action}): clients that leave the type out still reach the service the form names, while any
     * other untyped POST is not taken for a form.
     */
    public boolean isUntypedForm() {
        if (!"POST".equals(method) || !mediaType().isEmpty() || !body.isReadable()) {
            return false;
        }
        String text = body.toString(StandardCharsets.UTF_8);
        try {
            return text.contains("Action=") && FormEncoding.first(FormEncoding.decode(text), "Action") != null;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /**
     * The body's readable bytes (leaves the buffer's reader index alone): the buffer's own array when
     * it is exactly that (the front door's request bodies are), else a copy. Do not change it.
     */
    public byte[] bodyBytes() {
        return ByteBufUtil.getBytes(body, body.readerIndex(), body.readableBytes(), false);
    }

    /** The value of {@code Content-Type} as the client sent it, or null. */
    public String contentType() {
        return headers.get(HttpHeaderNames.CONTENT_TYPE);
    }
}
