package io.riffle.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    private final CorsPolicy policy = CorsPolicy.allowing(List.of("http://localhost:3000", " HTTPS://Console.Example.com:443 "), false);

    @Test
    void noOriginIsAllowedByDefault() {
        CorsPolicy none = CorsPolicy.none();
        assertThat(none.isEnabled()).isFalse();
        assertThat(none.isAllowed("http://localhost:3000")).isFalse();
        assertThat(CorsPolicy.allowing(List.of(), false).isEnabled()).isFalse();
        assertThat(CorsPolicy.allowing(List.of(""), false).isEnabled()).isFalse();
        HttpHeaders headers = new DefaultHttpHeaders();
        none.decorate("http://localhost:3000", headers);
        assertThat(headers.isEmpty()).isTrue();
    }

    @Test
    void anyOriginIsRefusedWhileAuthenticationIsOff() {
        assertThatThrownBy(() -> CorsPolicy.allowing(List.of("http://localhost:3000", "*"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'*'").hasMessageContaining("authentication is off");
        CorsPolicy any = CorsPolicy.allowing(List.of("*"), true);
        assertThat(any.isAllowed("https://anything.example")).isTrue();
        HttpHeaders headers = new DefaultHttpHeaders();
        any.decorate("https://anything.example", headers);
        assertThat(headers.get("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void malformedOriginsAreRefused() {
        for (String origin : List.of("localhost:3000", "http://localhost:3000/", "http://localhost:3000/app",
                "ftp://example.com", "http://user@example.com", "http://example.com?x=1", "null")) {
            assertThatThrownBy(() -> CorsPolicy.allowing(List.of(origin), true)).as(origin)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(origin);
        }
    }

    @Test
    void comparesOriginsByScheme_host_andPort() {
        assertThat(policy.isAllowed("http://localhost:3000")).isTrue();
        assertThat(policy.isAllowed("http://LOCALHOST:3000")).isTrue();
        assertThat(policy.isAllowed("https://console.example.com")).isTrue();
        assertThat(policy.isAllowed("http://localhost:3001")).isFalse();
        assertThat(policy.isAllowed("https://localhost:3000")).isFalse();
        assertThat(policy.isAllowed("http://console.example.com")).isFalse();
        assertThat(policy.isAllowed("null")).isFalse();
        assertThat(policy.isAllowed(null)).isFalse();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnswered() {
        AwsRequest preflight = AwsRequest.of("OPTIONS", "/", Map.of("Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, content-type,x-amz-date, x-amz-target, bad header"),
                new byte[0]);
        assertThat(CorsPolicy.isPreflight(preflight)).isTrue();
        AwsAnswer answer = policy.preflight(preflight);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().get("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(answer.headers().get("Access-Control-Allow-Methods")).isEqualTo("GET, POST, PUT, DELETE, HEAD");
        assertThat(answer.headers().get("Access-Control-Allow-Headers"))
                .isEqualTo("authorization, content-type, x-amz-date, x-amz-target");
        assertThat(answer.headers().get("Access-Control-Max-Age")).isEqualTo("86400");
        assertThat(answer.headers().get("Vary")).isEqualTo("Origin");
        assertThat(answer.bodyText()).isEmpty();
    }

    @Test
    void aPreflightFromAnotherOriginIsRefusedWithoutCorsHeaders() {
        AwsRequest preflight = AwsRequest.of("OPTIONS", "/", Map.of("Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST"), new byte[0]);
        AwsAnswer answer = policy.preflight(preflight);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.headers().names()).noneMatch(name -> name.startsWith("Access-Control-"));
    }

    @Test
    void onlyAnOptionsWithOriginAndRequestMethodIsAPreflight() {
        assertThat(CorsPolicy.isPreflight(AwsRequest.of("OPTIONS", "/", Map.of("Origin", "http://localhost:3000"),
                new byte[0]))).isFalse();
        assertThat(CorsPolicy.isPreflight(AwsRequest.of("OPTIONS", "/", Map.of("Access-Control-Request-Method", "POST"),
                new byte[0]))).isFalse();
        assertThat(CorsPolicy.isPreflight(AwsRequest.of("POST", "/", Map.of("Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST"), new byte[0]))).isFalse();
    }

    @Test
    void answersToAnAllowedOriginNameIt() {
        HttpHeaders headers = new DefaultHttpHeaders().set("Content-Type", "application/x-amz-json-1.1");
        policy.decorate("http://localhost:3000", headers);
        assertThat(headers.get("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(headers.get("Access-Control-Expose-Headers")).contains("x-amzn-RequestId", "x-amzn-ErrorType");
        assertThat(headers.getAll("Vary")).containsExactly("Origin");

        HttpHeaders other = new DefaultHttpHeaders();
        policy.decorate("http://evil.example", other);
        policy.decorate(null, other);
        assertThat(other.isEmpty()).isTrue();
    }
}
