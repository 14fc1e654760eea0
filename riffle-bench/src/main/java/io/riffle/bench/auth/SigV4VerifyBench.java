package io.riffle.bench.auth;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.SigningRules;
import io.riffle.aws.auth.AccessKey;
import io.riffle.aws.auth.Authentication;
import io.riffle.aws.auth.CredentialStore;
import io.riffle.aws.auth.SigV4;
import io.riffle.aws.auth.SigV4Verifier;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What SigV4 verification costs the server per request (auth=sigv4), on one core: a PutRecords as
 * the Java SDK signs it (content-type, host, x-amz-date, x-amz-target, amz-sdk-*, content-length;
 * the body hashed), {@code bodyBytes} of body. {@code verify} is the whole check (parse, canonical
 * request, cached signing key, HMAC, body SHA-256, constant-time compare); {@code bodyHashOnly}
 * is the SHA-256 of the body alone, the part that grows with the request.
 *
 * <p>Run: {@code java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.auth.SigV4VerifyBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigV4VerifyBench {
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /** 1 KiB: one small PutRecord; 530,000: a PutRecords of 500 x 1 KiB records in CBOR. */
    @Param({"1024", "530000"})
    int bodyBytes;

    private SigV4Verifier verifier;
    private AwsRequest request;
    private ByteBuffer body;

    @Setup
    public void setUp() {
        byte[] bytes = new byte[bodyBytes];
        new Random(1).nextBytes(bytes);
        body = ByteBuffer.wrap(bytes);
        Instant now = Instant.now();
        String amzDate = SigV4.AMZ_DATE.format(now);
        HttpHeaders headers = new DefaultHttpHeaders();
        Map.of("Host", "127.0.0.1:4567", "Content-Type", "application/x-amz-cbor-1.1", "X-Amz-Date", amzDate,
                "X-Amz-Target", "Kinesis_20131202.PutRecords", "amz-sdk-invocation-id",
                "7d4e0a5c-1b2f-4f0e-9c1e-1f1f1f1f1f1f", "amz-sdk-request", "attempt=1; max=4",
                "Content-Length", Integer.toString(bodyBytes)).forEach(headers::set);
        List<String> signed = List.of("amz-sdk-invocation-id", "amz-sdk-request", "content-length", "content-type",
                "host", "x-amz-date", "x-amz-target");
        AwsRequest unsigned = request(headers, bytes);
        String canonical = SigV4Verifier.canonicalRequestWithoutPayload(unsigned, signed, false) + SigV4.sha256Hex(body);
        String day = amzDate.substring(0, 8);
        String signature = SigV4.signature(SigV4.signingKey(SECRET, day, "us-east-1", "kinesis"),
                SigV4.stringToSign(amzDate, day + "/us-east-1/kinesis/aws4_request", canonical));
        headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/" + day
                + "/us-east-1/kinesis/aws4_request, SignedHeaders=" + String.join(";", signed) + ", Signature=" + signature);
        request = request(headers, bytes);
        verifier = new SigV4Verifier(CredentialStore.of(AccessKey.accountRoot("000000000000", KEY_ID, SECRET)),
                Clock.systemUTC());
        if (!(verify() instanceof Authentication.Authenticated)) {
            throw new IllegalStateException("the benchmark's request does not verify: " + verify());
        }
    }

    private static AwsRequest request(HttpHeaders headers, byte[] body) {
        return new AwsRequest("POST", "/", Map.of(), headers, Unpooled.wrappedBuffer(body), null, "", Runnable::run,
                "/", null);
    }

    @Benchmark
    public Authentication verify() {
        return verifier.verify(request, "kinesis", SigningRules.JSON_5_MINUTES);
    }

    @Benchmark
    public String bodyHashOnly() {
        return SigV4.sha256Hex(body);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(SigV4VerifyBench.class.getSimpleName()).build()).run();
    }
}
