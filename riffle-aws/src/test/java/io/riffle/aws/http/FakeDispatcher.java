package io.riffle.aws.http;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.ServiceRouter;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A service on the front door for the HTTP layer's tests: takes the targets {@code Test.*} and
 * {@code Kinesis_20131202.*}, records every call and answers with a behaviour the test picks;
 * echoes the body by default.
 */
final class FakeDispatcher implements AwsService {

    static final String ECHO_CONTENT_TYPE = "application/x-amz-json-1.1";

    /** What a test sees of a request: its target, content type, body, headers (lower-case names) and request id. */
    record Call(String target, String contentType, byte[] body, Map<String, String> headers, String requestId) {
    }

    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    volatile Function<Call, CompletableFuture<AwsAnswer>> behaviour = FakeDispatcher::echo;

    @Override
    public String name() {
        return "test";
    }

    @Override
    public List<ServiceRoute> routes() {
        return List.of(new ServiceRoute.ByTarget("Test."), new ServiceRoute.ByTarget("Kinesis_20131202."));
    }

    @Override
    public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(header -> headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
                (first, second) -> first + "," + second));
        Call call = new Call(request.header(AwsRequest.TARGET_HEADER), request.contentType(),
                request.bodyBytes().clone(), Collections.unmodifiableMap(headers), request.requestId());
        calls.add(call);
        return behaviour.apply(call);
    }

    /** A router with this service alone. */
    ServiceRouter router() {
        return new ServiceRouter(List.of(this));
    }

    static CompletableFuture<AwsAnswer> echo(Call call) {
        return CompletableFuture.completedFuture(AwsAnswer.of(200, ECHO_CONTENT_TYPE, call.body()));
    }

    void reset() {
        calls.clear();
        behaviour = FakeDispatcher::echo;
    }
}
