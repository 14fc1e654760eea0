package io.riffle.firehose.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.RecordAttributes;
import org.junit.jupiter.api.Test;

class KinesisRecordMetadataTest {

    @Test
    void theMetadataSurvivesItsAttribute() {
        KinesisRecordMetadata m = new KinesisRecordMetadata("shardId-000000000003", "clé/ü", 1_764_831_600_123L,
                "49546986683135544286507457936321625675700192471156785154", 7);
        assertThat(KinesisRecordMetadata.of(m.toAttributes())).isEqualTo(m);
        KinesisRecordMetadata plain = new KinesisRecordMetadata("shardId-000000000000", "", 0, "1", -1);
        assertThat(KinesisRecordMetadata.of(plain.toAttributes())).isEqualTo(plain);
    }

    @Test
    void aDirectPutRecordHasNone() {
        assertThat(KinesisRecordMetadata.of(RecordAttributes.NONE)).isNull();
        assertThat(KinesisRecordMetadata.of(null)).isNull();
    }
}
