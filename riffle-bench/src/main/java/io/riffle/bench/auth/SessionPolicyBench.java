package io.riffle.bench.auth;

import io.riffle.aws.policy.PolicyDocument;
import io.riffle.aws.policy.SessionPolicyCache;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What an assumed-role session's inline session policy costs each authorized request, on one core:
 * {@code parseEachRequest} is what the authorizer did before (parse the policy sealed in the token),
 * {@code cachedLookup} what it does now ({@link SessionPolicyCache}: the same text, already parsed, found
 * in the LRU). The policy is a typical narrowing one: two statements, four actions, a condition.
 *
 * <p>Run: {@code java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.auth.SessionPolicyBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionPolicyBench {
    static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"kinesis:PutRecord\",\"kinesis:PutRecords\",\"kinesis:DescribeStreamSummary\",\"kinesis:ListShards\"],"
            + "\"Resource\":\"arn:aws:kinesis:us-east-1:000000000000:stream/orders-*\"},{\"Effect\":\"Deny\","
            + "\"Action\":\"kinesis:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";

    private SessionPolicyCache cache;
    private String policy;

    @Setup
    public void setUp() {
        cache = new SessionPolicyCache(SessionPolicyCache.DEFAULT_ENTRIES);
        policy = new String(POLICY); // one instance, as the opened token's cache hands the same one to every request
        cache.parsed(policy);
    }

    @Benchmark
    public PolicyDocument parseEachRequest() {
        return PolicyDocument.parse(policy, PolicyDocument.Kind.IDENTITY);
    }

    @Benchmark
    public PolicyDocument cachedLookup() {
        return cache.parsed(policy);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(SessionPolicyBench.class.getSimpleName()).build()).run();
    }
}
