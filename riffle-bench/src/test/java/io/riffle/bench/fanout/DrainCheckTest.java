package io.riffle.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DrainCheckTest {
    /** Fixed-width sequence numbers, as Riffle's are. */
    private static String seq(long n) {
        return String.format("%039d", n);
    }

    @Test
    void interleavedProducersEachInOrderAreComplete() {
        DrainCheck check = new DrainCheck(new long[] {2, 3});
        check.accept(seq(1), 0, 0);
        check.accept(seq(2), 1, 0);
        check.accept(seq(3), 1, 1);
        check.accept(seq(4), 0, 1);
        check.accept(seq(5), 1, 2);
        assertThat(check.isComplete()).isTrue();
        assertThat(check.verdict()).isEqualTo("ok");
        assertThat(check.received()).isEqualTo(5);
    }

    @Test
    void aMissingTailIsNotComplete() {
        DrainCheck check = new DrainCheck(new long[] {3});
        check.accept(seq(1), 0, 0);
        check.accept(seq(2), 0, 1);
        assertThat(check.isClean()).isTrue();
        assertThat(check.isComplete()).isFalse();
        assertThat(check.verdict()).contains("1 not reached");
    }

    @Test
    void aRepeatedRecordIsCaughtEvenWhenTheCountAddsUp() {
        DrainCheck check = new DrainCheck(new long[] {2});
        check.accept(seq(1), 0, 0);
        check.accept(seq(2), 0, 0);
        assertThat(check.received()).isEqualTo(2);
        assertThat(check.isComplete()).isFalse();
        assertThat(check.verdict()).contains("1 repeated").contains("producer 0 serial 0 again");
    }

    @Test
    void aSkippedRecordIsCounted() {
        DrainCheck check = new DrainCheck(new long[] {4});
        check.accept(seq(1), 0, 0);
        check.accept(seq(2), 0, 2);
        check.accept(seq(3), 0, 3);
        assertThat(check.isComplete()).isFalse();
        assertThat(check.verdict()).contains("1 skipped").contains("serial 2 while 1 was due");
    }

    @Test
    void sequenceNumbersThatDoNotRiseAreCaught() {
        DrainCheck check = new DrainCheck(new long[] {1, 1});
        check.accept(seq(7), 0, 0);
        check.accept(seq(7), 1, 0);
        assertThat(check.isComplete()).isFalse();
        assertThat(check.verdict()).contains("1 out of sequence order");
    }

    @Test
    void recordsThatWereNotPreloadedAreCaught() {
        DrainCheck check = new DrainCheck(new long[] {1});
        check.accept(seq(1), 0, 0);
        check.accept(seq(2), 5, 0);
        check.accept(seq(3), 0, 1);
        check.accept(seq(4), -1, -1);
        assertThat(check.isComplete()).isFalse();
        assertThat(check.verdict()).contains("3 not ours");
    }
}
