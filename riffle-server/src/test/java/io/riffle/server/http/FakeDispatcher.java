package io.riffle.server.http;

import io.riffle.server.protocol.ApiAnswer;
import io.riffle.server.protocol.ApiCall;
import io.riffle.server.protocol.ApiDispatcher;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/** Records every call and answers with a behaviour the test picks; echoes the body by default. */
final class FakeDispatcher implements ApiDispatcher {

    static final String ECHO_CONTENT_TYPE = "application/x-amz-json-1.1";

    final BlockingQueue<ApiCall> calls = new LinkedBlockingQueue<>();
    volatile Function<ApiCall, CompletableFuture<ApiAnswer>> behaviour = FakeDispatcher::echo;

    @Override
    public CompletableFuture<ApiAnswer> dispatch(ApiCall call) {
        calls.add(call);
        return behaviour.apply(call);
    }

    static CompletableFuture<ApiAnswer> echo(ApiCall call) {
        return CompletableFuture.completedFuture(new ApiAnswer(200, ECHO_CONTENT_TYPE, call.body()));
    }

    void reset() {
        calls.clear();
        behaviour = FakeDispatcher::echo;
    }
}
