package io.riffle.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SegmentIndexTest {
    private static SegmentIndex sample() {
        SegmentIndex index = new SegmentIndex(100);
        index.onBatch(1000, 0, 50);      // kept: first
        index.onBatch(1010, 60, 51);     // skipped: within 100 bytes
        index.onBatch(1020, 120, 52);    // kept
        index.onBatch(1030, 400, 60);    // kept
        return index;
    }

    @Test
    void keepsAnEntryEveryIntervalAndFindsFloors() {
        SegmentIndex index = sample();
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.floorOffsetForPosition(999)).isZero();
        assertThat(index.floorOffsetForPosition(1015)).isZero();
        assertThat(index.floorOffsetForPosition(1020)).isEqualTo(120);
        assertThat(index.floorOffsetForPosition(5000)).isEqualTo(400);
        assertThat(index.floorOffsetForTimestamp(52)).isZero();
        assertThat(index.floorOffsetForTimestamp(53)).isEqualTo(120);
        assertThat(index.floorOffsetForTimestamp(61)).isEqualTo(400);
    }

    @Test
    void truncationForgetsLaterEntries() {
        SegmentIndex index = sample();
        index.truncate(120);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.floorOffsetForPosition(5000)).isZero();
        index.onBatch(1012, 120, 52);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void roundTripsThroughItsFileAndRejectsDamageOrDisagreement() {
        ByteBuffer file = sample().encode();
        SegmentIndex back = SegmentIndex.decode(file, 100, 1000, 1000);
        assertThat(back).isNotNull();
        assertThat(back.size()).isEqualTo(3);
        assertThat(back.floorOffsetForPosition(1025)).isEqualTo(120);
        assertThat(SegmentIndex.decode(file, 100, 1000, 300)).as("entry past the segment end").isNull();
        ByteBuffer damaged = sample().encode();
        damaged.put(30, (byte) 1);
        assertThat(SegmentIndex.decode(damaged, 100, 1000, 1000)).isNull();
        assertThat(SegmentIndex.decode(ByteBuffer.allocate(3), 100, 1000, 1000)).isNull();
    }
}
