package io.riffle.aws.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionPolicyCacheTest {

    private static String policy(int n) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:PutRecord\","
                + "\"Resource\":\"arn:aws:kinesis:us-east-1:000000000000:stream/s" + n + "\"}]}";
    }

    @Test
    void aTextIsParsedOnceAndTheLeastRecentlyUsedGoesFirst() {
        SessionPolicyCache cache = new SessionPolicyCache(2);
        PolicyDocument first = cache.parsed(policy(1));
        assertThat(cache.parsed(policy(1))).isSameAs(first);
        PolicyDocument second = cache.parsed(policy(2));
        cache.parsed(policy(1)); // 2 is now the least recently used
        cache.parsed(policy(3));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.parsed(policy(1))).isSameAs(first);
        assertThat(cache.parsed(policy(2))).isNotSameAs(second).isEqualTo(second);
    }
}
