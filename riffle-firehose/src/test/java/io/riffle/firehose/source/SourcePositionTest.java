package io.riffle.firehose.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourcePositionTest {

    @Test
    void aRecordKeyGivesBackItsShardAndPosition() {
        byte[] key = SourcePosition.recordKey(7, "shardId-000000000003", 123_456_789_012L);
        assertThat(new String(key, StandardCharsets.US_ASCII)).isEqualTo("7/shardId-000000000003/123456789012");
        assertThat(SourcePosition.parse(ByteBuffer.wrap(key)))
                .contains(new SourcePosition(SourcePosition.shardKey(7, "shardId-000000000003"), 123_456_789_012L));
    }

    @Test
    void keysThatAreNotPositionsGiveNothing() {
        assertThat(SourcePosition.parse(ByteBuffer.allocate(0))).isEmpty();
        assertThat(SourcePosition.parse(null)).isEmpty();
        assertThat(SourcePosition.parse(ByteBuffer.wrap("no-slash".getBytes(StandardCharsets.US_ASCII)))).isEmpty();
        assertThat(SourcePosition.parse(ByteBuffer.wrap("1/shard/x".getBytes(StandardCharsets.US_ASCII)))).isEmpty();
    }

    @Test
    void parsingLeavesTheBufferWhereItWas() {
        ByteBuffer key = ByteBuffer.wrap(SourcePosition.recordKey(1, "s", 5));
        SourcePosition.parse(key);
        assertThat(key.position()).isZero();
    }

    @Test
    void readsBelowTheSourceTrimHorizonCountTheRecordsSkipped() {
        assertThat(SourcePosition.trimmedBefore(7, 8, 20)).isEqualTo(0); // read from 7 as asked
        assertThat(SourcePosition.trimmedBefore(7, -1, 7)).isEqualTo(0); // nothing new
        assertThat(SourcePosition.trimmedBefore(7, 13, 20)).isEqualTo(5); // first record read is 12
        assertThat(SourcePosition.trimmedBefore(7, -1, 10)).isEqualTo(3); // all trimmed, horizon at 10
    }
}
