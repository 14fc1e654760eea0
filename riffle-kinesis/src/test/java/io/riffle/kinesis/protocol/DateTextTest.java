package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DateTextTest {

    @Test
    void printsTimesAsKinesisDoes() {
        assertThat(DateText.format(Instant.parse("2026-12-03T06:52:37.999Z").toEpochMilli()))
                .isEqualTo("Thu Dec 03 06:52:37 UTC 2026");
        // recorded in a client's log of Kinesis' ExpiredIteratorException
        assertThat(DateText.format(Instant.parse("2015-07-02T12:57:57Z").toEpochMilli()))
                .isEqualTo("Thu Jul 02 12:57:57 UTC 2015");
        assertThat(DateText.format(Instant.parse("2015-07-03T03:56:58Z").toEpochMilli()))
                .isEqualTo("Fri Jul 03 03:56:58 UTC 2015");
        assertThat(DateText.format(0)).isEqualTo("Thu Jan 01 00:00:00 UTC 1970");
    }

    @Test
    void expiredIteratorMessageIsKinesisWording() {
        KinesisException e = KinesisErrors.expiredIterator(Instant.parse("2020-01-15T05:31:22Z").toEpochMilli(),
                Instant.parse("2020-01-15T05:37:43Z").toEpochMilli(), 300_000);
        assertThat(e.getMessage()).isEqualTo("Iterator expired. The iterator was created at time Wed Jan 15 05:31:22 UTC "
                + "2020 while right now it is Wed Jan 15 05:37:43 UTC 2020 which is further in the future than the "
                + "tolerated delay of 300000 milliseconds.");
    }
}
