package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.riffle.aws.CorsPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler over one pipelined HTTP/1.1 connection: answers leave in request order, each naming its own request's origin. */
class CorsHandlerTest {

    private static final String PAGE = "http://localhost:3000";
    private static final String STRANGER = "http://evil.example";

    /** Holds the requests that reach it; the test answers them when it likes, as ApiHandler does. */
    private final List<FullHttpRequest> received = new ArrayList<>();
    private ChannelHandlerContext api;
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new CorsHandler(CorsPolicy.allowing(List.of(PAGE), false)),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void handlerAdded(ChannelHandlerContext ctx) {
                    api = ctx;
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    received.add((FullHttpRequest) msg);
                }
            });

    @AfterEach
    void release() {
        received.forEach(FullHttpRequest::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void pipelinedAnswersEachNameTheirOwnRequestsOrigin() {
        channel.writeInbound(request(HttpMethod.POST, PAGE), request(HttpMethod.POST, STRANGER),
                request(HttpMethod.POST, null), request(HttpMethod.POST, PAGE));
        assertThat(received).hasSize(4);

        // an interim 100 Continue belongs to no answer
        api.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        assertThat(((FullHttpResponse) channel.readOutbound()).headers().contains("Access-Control-Allow-Origin")).isFalse();

        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            api.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
            FullHttpResponse answer = channel.readOutbound();
            allowed.add(answer.headers().get("Access-Control-Allow-Origin"));
            answer.release();
        }
        assertThat(allowed).containsExactly(PAGE, null, null, PAGE);
    }

    @Test
    void aPreflightIsAnsweredHereAndTakesNoPlaceInTheQueue() {
        channel.writeInbound(request(HttpMethod.POST, STRANGER));
        FullHttpRequest preflight = request(HttpMethod.OPTIONS, PAGE);
        preflight.headers().set("Access-Control-Request-Method", "POST");
        channel.writeInbound(preflight);
        assertThat(received).hasSize(1); // the preflight did not pass on
        assertThat(preflight.refCnt()).isZero();

        FullHttpResponse preflightAnswer = channel.readOutbound();
        assertThat(preflightAnswer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(preflightAnswer.headers().get("Access-Control-Allow-Origin")).isEqualTo(PAGE);
        assertThat(preflightAnswer.headers().get("x-amzn-RequestId")).isNotBlank();
        assertThat(preflightAnswer.headers().getInt("Content-Length")).isZero();
        preflightAnswer.release();

        api.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        FullHttpResponse answer = channel.readOutbound();
        assertThat(answer.headers().contains("Access-Control-Allow-Origin")).isFalse(); // the stranger's
        answer.release();
    }

    private static FullHttpRequest request(HttpMethod method, String origin) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/");
        if (origin != null) {
            request.headers().set("Origin", origin);
        }
        return request;
    }
}
