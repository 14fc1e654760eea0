package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.kinesis.protocol.ServiceModel.Shape;
import io.riffle.kinesis.protocol.ServiceModel.ShapeType;
import org.junit.jupiter.api.Test;

class ServiceModelTest {
    private final ServiceModel model = ServiceModel.kinesis();

    @Test
    void loadsTheKinesisModelOnce() {
        assertThat(ServiceModel.kinesis()).isSameAs(model);
        assertThat(model.targetPrefix()).isEqualTo("Kinesis_20131202");
        assertThat(model.operations()).hasSize(39).containsKeys("PutRecord", "PutRecords", "GetRecords",
                "SubscribeToShard", "CreateStream");
    }

    @Test
    void operationsNameTheirShapesAndErrors() {
        var putRecords = model.operation("PutRecords").orElseThrow();
        assertThat(putRecords.inputShape()).isEqualTo("PutRecordsInput");
        assertThat(putRecords.outputShape()).isEqualTo("PutRecordsOutput");
        assertThat(putRecords.errors()).contains("ResourceNotFoundException", "ProvisionedThroughputExceededException");
        assertThat(model.operation("CreateStream").orElseThrow().outputShape()).isNull();
        assertThat(model.operation("NoSuchThing")).isEmpty();
    }

    @Test
    void structuresKeepMemberOrderAndRequiredMembers() {
        Shape input = model.shape("PutRecordsInput");
        assertThat(input.type()).isEqualTo(ShapeType.STRUCTURE);
        assertThat(input.members().keySet()).containsExactly("Records", "StreamName", "StreamARN", "StreamId");
        assertThat(input.members().get("Records").shape()).isEqualTo("PutRecordsRequestEntryList");
        assertThat(input.required()).containsExactly("Records");
        assertThat(input.isRequired("StreamName")).isFalse();
    }

    @Test
    void scalarConstraintsAndCollections() {
        Shape streamName = model.shape("StreamName");
        assertThat(streamName.type()).isEqualTo(ShapeType.STRING);
        assertThat(streamName.min()).isEqualTo(1L);
        assertThat(streamName.max()).isEqualTo(128L);
        assertThat(streamName.pattern()).isEqualTo("[a-zA-Z0-9_.-]+");

        assertThat(model.shape("ShardIteratorType").enumValues())
                .containsExactly("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP");
        assertThat(model.shape("Data").type()).isEqualTo(ShapeType.BLOB);
        assertThat(model.shape("Timestamp").type()).isEqualTo(ShapeType.TIMESTAMP);
        assertThat(model.shape("MillisBehindLatest").type()).isEqualTo(ShapeType.LONG);

        Shape records = model.shape("PutRecordsRequestEntryList");
        assertThat(records.type()).isEqualTo(ShapeType.LIST);
        assertThat(records.member()).isEqualTo("PutRecordsRequestEntry");
        assertThat(records.min()).isEqualTo(1L);
        assertThat(records.max()).isEqualTo(500L);

        Shape tags = model.shape("TagMap");
        assertThat(tags.type()).isEqualTo(ShapeType.MAP);
        assertThat(tags.key()).isEqualTo("TagKey");
        assertThat(tags.value()).isEqualTo("TagValue");
    }

    @Test
    void flagsExceptionsAndEventStreams() {
        assertThat(model.shape("ResourceNotFoundException").isException()).isTrue();
        assertThat(model.shape("SubscribeToShardEventStream").isEventStream()).isTrue();
        assertThatThrownBy(() -> model.shape("Nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shapesAreImmutable() {
        Shape input = model.shape("PutRecordsInput");
        assertThatThrownBy(() -> input.members().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> input.required().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
