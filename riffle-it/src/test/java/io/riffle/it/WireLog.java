package io.riffle.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK interceptor that records what went over the wire for every attempt: the operation,
 * the request and response Content-Type, the HTTP status and the request id. Black-box
 * evidence of the wire format, and of how many attempts (retries) an error cost.
 */
public final class WireLog implements ExecutionInterceptor {

    /** One HTTP exchange (one attempt of one API call). */
    public record Exchange(String operation, String requestContentType, String target, int status,
                           String responseContentType, String requestId) {
    }

    private static final int MAX_KEPT = 20_000;

    private final ConcurrentLinkedDeque<Exchange> exchanges = new ConcurrentLinkedDeque<>();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        SdkHttpResponse response = context.httpResponse();
        exchanges.addLast(new Exchange(
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                request.firstMatchingHeader("Content-Type").orElse(null),
                request.firstMatchingHeader("X-Amz-Target").orElse(null),
                response.statusCode(),
                response.firstMatchingHeader("Content-Type").orElse(null),
                response.firstMatchingHeader("x-amzn-RequestId").orElse(null)));
        while (exchanges.size() > MAX_KEPT) {
            exchanges.pollFirst();
        }
    }

    public List<Exchange> exchanges() {
        return new ArrayList<>(exchanges);
    }

    public Optional<Exchange> last() {
        return Optional.ofNullable(exchanges.peekLast());
    }

    /** The exchanges of {@code operation}, oldest first. */
    public List<Exchange> of(String operation) {
        return exchanges.stream().filter(e -> operation.equals(e.operation())).toList();
    }

    public void clear() {
        exchanges.clear();
    }
}
