package io.riffle.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointFileTest {
    @Test
    void roundTripsAndRejectsAnyDamage() {
        Map<String, LogPoint> logs = new LinkedHashMap<>();
        logs.put("stream-1.shard-0", new LogPoint(100, 4096, 150, 1234));
        logs.put("é", new LogPoint(0, 0, 0, -1));
        ByteBuffer encoded = CheckpointFile.encode(new CheckpointFile.Content(7, 99, logs));
        CheckpointFile.Content back = CheckpointFile.decode(encoded.duplicate());
        assertThat(back).isNotNull();
        assertThat(back.journalSequence()).isEqualTo(7);
        assertThat(back.journalOffset()).isEqualTo(99);
        assertThat(back.logs()).isEqualTo(logs);
        for (int i = 0; i < encoded.limit(); i++) {
            ByteBuffer damaged = ByteBuffer.allocate(encoded.limit());
            damaged.put(encoded.duplicate()).flip();
            damaged.put(i, (byte) (damaged.get(i) ^ 1));
            assertThat(CheckpointFile.decode(damaged)).as("flip at %d", i).isNull();
        }
        ByteBuffer truncated = encoded.duplicate().limit(encoded.limit() - 1);
        assertThat(CheckpointFile.decode(truncated.slice())).isNull();
    }
}
