package io.riffle.triggers.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.kinesis.source.StreamSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TumblingWindowsTest {
    private static StreamSource.Record at(long arrivalMs) {
        return new StreamSource.Record("1", "k", new byte[0], arrivalMs, 1);
    }

    @Test
    void windowsAreAlignedOnTheEpoch() {
        assertThat(TumblingWindows.startOf(0, 60)).isZero();
        assertThat(TumblingWindows.startOf(59_999, 60)).isZero();
        assertThat(TumblingWindows.startOf(60_000, 60)).isEqualTo(60_000);
        assertThat(TumblingWindows.startOf(1_607_497_475_000L, 900)).isEqualTo(1_607_497_200_000L);
        assertThat(TumblingWindows.startOf(-1, 1)).isEqualTo(-1_000);
    }

    @Test
    void aBatchStopsAtTheFirstRecordOfTheNextWindow() {
        assertThat(TumblingWindows.leadingInOneWindow(List.of(), 60)).isZero();
        assertThat(TumblingWindows.leadingInOneWindow(List.of(at(1_000), at(59_999), at(60_000), at(60_001)), 60))
                .isEqualTo(2);
        assertThat(TumblingWindows.leadingInOneWindow(List.of(at(61_000), at(62_000)), 60)).isEqualTo(2);
    }

    @Test
    void theStateIsTheAnswersStateObject() {
        assertThat(TumblingWindows.stateOf(bytes("{\"state\": {\"a\": 1}, \"batchItemFailures\": []}")))
                .contains("{\"a\":1}");
        assertThat(TumblingWindows.stateOf(bytes("{\"state\": {}}"))).contains("{}");
        assertThat(TumblingWindows.stateOf(bytes("{\"state\": 5}"))).isEmpty();
        assertThat(TumblingWindows.stateOf(bytes("{}"))).isEmpty();
        assertThat(TumblingWindows.stateOf(bytes("not json"))).isEmpty();
        assertThat(TumblingWindows.stateOf(new byte[0])).isEmpty();
    }

    @Test
    void aStateOverOneMegabyteIsTooLarge() {
        assertThat(TumblingWindows.isTooLarge("x".repeat(1 << 20))).isFalse();
        assertThat(TumblingWindows.isTooLarge("x".repeat((1 << 20) + 1))).isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
