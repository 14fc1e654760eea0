package io.riffle.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirehoseAdminTest {

    @Test
    void theFlushPathNamesOneDeliveryStream() {
        assertThat(FirehoseAdmin.flushTarget("/riffle/firehose/delivery-streams/orders.v2_x-1/flush")).contains("orders.v2_x-1");
        assertThat(FirehoseAdmin.flushTarget("/riffle/firehose/delivery-streams/a/b/flush")).isEmpty();
        assertThat(FirehoseAdmin.flushTarget("/riffle/firehose/delivery-streams/" + "n".repeat(65) + "/flush")).isEmpty();
        assertThat(FirehoseAdmin.flushTarget("/riffle/firehose/delivery-streams//flush")).isEmpty();
        assertThat(FirehoseAdmin.flushTarget("/riffle/firehose/delivery-streams/a/status")).isEmpty();
    }

    @Test
    void onlyItsOwnPathIsTheAdminRoute() {
        assertThat(FirehoseAdmin.isAdmin(AwsRequest.of("POST", "/riffle/firehose/x", Map.of(), new byte[0]))).isTrue();
        assertThat(FirehoseAdmin.isAdmin(AwsRequest.of("POST", "/riffle/firehosed", Map.of(), new byte[0]))).isFalse();
        assertThat(FirehoseAdmin.isAdmin(AwsRequest.of("POST", "/", Map.of(), new byte[0]))).isFalse();
        // unauthenticated (no caller): nothing for the front door to check
        assertThat(FirehoseAdmin.accessNeeded(AwsRequest.of("POST", "/riffle/firehose/delivery-streams/a/flush",
                Map.of(), new byte[0]))).isEmpty();
    }
}
