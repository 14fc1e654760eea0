package io.riffle.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.cli.client.UsageException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class StartingPointTest {

    private static final Instant NOW = Instant.parse("2026-12-04T07:00:00Z");

    @Test
    void namedPositions() {
        assertThat(StartingPoint.parse("latest", NOW).type()).isEqualTo(ShardIteratorType.LATEST);
        assertThat(StartingPoint.parse("TRIM_HORIZON", NOW).type()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
        assertThat(StartingPoint.parse("trim-horizon", NOW).type()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
        assertThat(StartingPoint.parse("oldest", NOW).type()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
    }

    @Test
    void agesAndTimesAreAtTimestamp() {
        assertThat(StartingPoint.parse("10m", NOW)).isEqualTo(StartingPoint.at(Instant.parse("2026-12-04T06:50:00Z")));
        assertThat(StartingPoint.parse("-2h", NOW).timestamp()).isEqualTo(Instant.parse("2026-12-04T05:00:00Z"));
        assertThat(StartingPoint.parse("1d ago", NOW).timestamp()).isEqualTo(Instant.parse("2026-12-03T07:00:00Z"));
        assertThat(StartingPoint.parse("90s", NOW).timestamp()).isEqualTo(Instant.parse("2026-12-04T06:58:30Z"));
        assertThat(StartingPoint.parse("2026-12-04T06:00:00Z", NOW).timestamp()).isEqualTo(Instant.parse("2026-12-04T06:00:00Z"));
        assertThat(StartingPoint.parse("2026-12-04T08:00:00+02:00", NOW).timestamp()).isEqualTo(Instant.parse("2026-12-04T06:00:00Z"));
        assertThat(StartingPoint.parse("2026-12-04", NOW).timestamp()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
    }

    @Test
    void digitsAreASequenceNumber() {
        StartingPoint at = StartingPoint.parse("49590338271490256608559692538361571095921575989136588898", NOW);

        assertThat(at.type()).isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
        assertThat(at.sequenceNumber()).isEqualTo("49590338271490256608559692538361571095921575989136588898");
        assertThat(at.isSequenceNumber()).isTrue();
        // AWS's ListShards example: shardId-000000000001's StartingSequenceNumber
        assertThat(StartingPoint.parse("49549167410945534708633744510750617797212193316405248018", NOW)
                .shardIdOfSequenceNumber()).isEqualTo("shardId-000000000001");
        assertThat(at.shardIdOfSequenceNumber()).isEqualTo("shardId-000000000006");
        assertThat(StartingPoint.parse("170141183460469231731687303715884105728", NOW).shardIdOfSequenceNumber())
                .as("39 digits name no shard").isNull();
        assertThat(StartingPoint.parse("9".repeat(56), NOW).shardIdOfSequenceNumber()).isNull();
        assertThat(at.forChild().type()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
        assertThat(StartingPoint.parse("10m", NOW).forChild()).isEqualTo(StartingPoint.parse("10m", NOW));
    }

    @Test
    void anythingElseIsAUsageError() {
        assertThatThrownBy(() -> StartingPoint.parse("yesterday-ish", NOW))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--from yesterday-ish: not latest, trim-horizon");
    }
}
