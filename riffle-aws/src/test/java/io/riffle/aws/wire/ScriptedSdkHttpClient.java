package io.riffle.aws.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client for the AWS SDK's own clients that hands each request, as the SDK marshalled it, to a
 * script and returns the script's answer for the SDK to unmarshal: the SDK is the oracle on both sides of
 * our codecs, without a server or a socket.
 */
final class ScriptedSdkHttpClient implements SdkHttpClient {

    /** A request as the SDK sent it. */
    record Sent(SdkHttpRequest request, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the script answers. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        Answer(int status, String contentType, byte[] body) {
            this(status, Map.of("Content-Type", contentType), body);
        }

        static Answer xml(int status, String xml) {
            return new Answer(status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
        }

        static Answer json(int status, String json) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Function<Sent, Answer> script;
    final List<Sent> sent = new ArrayList<>();

    ScriptedSdkHttpClient(Function<Sent, Answer> script) {
        this.script = script;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] body = request.contentStreamProvider().map(provider -> {
                    try (var in = provider.newStream()) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).orElse(new byte[0]);
                Sent one = new Sent(request.httpRequest(), body);
                sent.add(one);
                Answer answer = script.apply(one);
                return HttpExecuteResponse.builder()
                        .response(response(answer))
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static SdkHttpResponse response(Answer answer) {
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(answer.status())
                .putHeader("Content-Length", Integer.toString(answer.body().length));
        answer.headers().forEach(response::putHeader);
        return response.build();
    }

    @Override
    public void close() {
    }
}
