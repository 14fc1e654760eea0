package io.riffle.functions;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body kept up to a limit: the bytes past it are read and dropped (so the connection stays usable) and
 * the body says it was cut. One per response; driven by the HTTP client's thread.
 */
record LimitedBody(byte[] bytes, boolean isTooLarge) {

    static HttpResponse.BodyHandler<LimitedBody> handler(int maxBytes) {
        return info -> new Subscriber(maxBytes);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<LimitedBody> {
        private final int maxBytes;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<LimitedBody> body = new CompletableFuture<>();
        private boolean isTooLarge;

        Subscriber(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<LimitedBody> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int n = buffer.remaining();
                if (isTooLarge || kept.size() + (long) n > maxBytes) {
                    isTooLarge = true;
                    buffer.position(buffer.limit());
                    continue;
                }
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                kept.write(chunk, 0, n);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(new LimitedBody(isTooLarge ? new byte[0] : kept.toByteArray(), isTooLarge));
        }
    }
}
