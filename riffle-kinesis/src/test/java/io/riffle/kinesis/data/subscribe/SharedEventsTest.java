package io.riffle.kinesis.data.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedEventsTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final SharedEvents shared = new SharedEvents(3_000, 1_000, clock::get);

    private static SharedEvents.Key at(long position) {
        return new SharedEvents.Key("s1-0", position, "CBOR");
    }

    /** A frame of {@code size} bytes, each its position's low byte, and the event that leaves at position + 10. */
    private static SharedEvents.Event event(long position, int size) {
        ByteBuf frame = Unpooled.buffer(size);
        for (int i = 0; i < size; i++) {
            frame.writeByte((int) position);
        }
        return new SharedEvents.Event(frame, position + 10, "continuation-" + position, 10, size, 5);
    }

    private void twoSubscriptions() {
        shared.opened("s1-0");
        shared.opened("s1-0");
    }

    @Test
    void aKeptEventIsFoundByItsPositionAndFramingAsADuplicateOfTheSameBytes() {
        twoSubscriptions();
        SharedEvents.Event made = event(7, 100);
        shared.keep(at(7), made);
        made.frame().skipBytes(40); // the maker's copy is being written to the connection

        SharedEvents.Event found = shared.find(at(7));
        assertThat(found.frame().readableBytes()).isEqualTo(100);
        assertThat(found.frame().getByte(0)).isEqualTo((byte) 7);
        assertThat(found).extracting(SharedEvents.Event::nextPosition, SharedEvents.Event::continuation,
                SharedEvents.Event::records, SharedEvents.Event::recordBytes, SharedEvents.Event::millisBehind)
                .containsExactly(17L, "continuation-7", 10, 100L, 5L);
        assertThat(shared.find(at(8))).isNull();
        assertThat(shared.find(new SharedEvents.Key("s1-0", 7, "JSON"))).isNull();
        assertThat(shared.find(new SharedEvents.Key("s1-1", 7, "CBOR"))).isNull();

        // the maker's, the kept and the found references
        assertThat(made.frame().refCnt()).isEqualTo(3);
        found.frame().release();
        made.frame().release();
        assertThat(made.frame().refCnt()).isEqualTo(1);
    }

    @Test
    void aLogWithOneSubscriptionKeepsNothing() {
        shared.opened("s1-0");
        SharedEvents.Event made = event(0, 100);
        shared.keep(at(0), made);
        assertThat(shared.find(at(0))).isNull();
        assertThat(made.frame().refCnt()).isEqualTo(1);
        assertThat(shared.keptBytes()).isZero();
    }

    @Test
    void theOldestGoFirstBeyondTheByteBudget() {
        twoSubscriptions();
        SharedEvents.Event first = event(0, 1_000);
        shared.keep(at(0), first);
        shared.keep(at(10), event(10, 1_000));
        shared.keep(at(20), event(20, 1_000));
        assertThat(shared.keptBytes()).isEqualTo(3_000);
        shared.keep(at(30), event(30, 1_000));

        assertThat(shared.find(at(0))).isNull();
        assertThat(first.frame().refCnt()).as("only the maker's reference left").isEqualTo(1);
        assertThat(shared.find(at(30))).isNotNull();
        assertThat(shared.keptBytes()).isEqualTo(3_000);
    }

    @Test
    void anEventOlderThanTheAgeLimitIsNotFound() {
        twoSubscriptions();
        SharedEvents.Event made = event(0, 100);
        shared.keep(at(0), made);
        clock.addAndGet(999);
        assertThat(shared.find(at(0))).isNotNull();
        clock.addAndGet(1);
        assertThat(shared.find(at(0))).isNull();
        assertThat(shared.keptBytes()).isZero();
    }

    @Test
    void theFirstEventKeptAtAPositionStays() {
        twoSubscriptions();
        shared.keep(at(0), event(0, 100));
        SharedEvents.Event later = event(1, 100);
        shared.keep(at(0), later);
        assertThat(shared.find(at(0)).frame().getByte(0)).isEqualTo((byte) 0);
        assertThat(later.frame().refCnt()).isEqualTo(1);
    }

    @Test
    void whenOneSubscriptionIsLeftTheLogsEventsGoAndNothingMoreIsKept() {
        twoSubscriptions();
        SharedEvents.Event made = event(0, 100);
        shared.keep(at(0), made);
        shared.keep(new SharedEvents.Key("s1-1", 0, "CBOR"), event(0, 100)); // another log: not shared
        shared.ended("s1-0");
        assertThat(shared.isShared("s1-0")).isFalse();
        assertThat(shared.find(at(0))).isNull();
        assertThat(made.frame().refCnt()).isEqualTo(1);
        assertThat(shared.keptBytes()).isZero();

        shared.keep(at(10), event(10, 100));
        assertThat(shared.find(at(10))).isNull();
        shared.opened("s1-0");
        assertThat(shared.isShared("s1-0")).isTrue();
    }

    @Test
    void closingReleasesEveryKeptFrame() {
        twoSubscriptions();
        SharedEvents.Event made = event(0, 100);
        shared.keep(at(0), made);
        shared.close();
        assertThat(made.frame().refCnt()).isEqualTo(1);
        assertThat(shared.keptBytes()).isZero();
    }
}
