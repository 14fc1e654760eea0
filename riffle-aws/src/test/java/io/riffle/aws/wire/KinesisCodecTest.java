package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.riffle.aws.wire.kinesis.GetRecordsOutput;
import io.riffle.aws.wire.kinesis.GetShardIteratorInput;
import io.riffle.aws.wire.kinesis.KinesisCodec;
import io.riffle.aws.wire.kinesis.KinesisOperations;
import io.riffle.aws.wire.kinesis.ListStreamsInput;
import io.riffle.aws.wire.kinesis.PutRecordsInput;
import io.riffle.aws.wire.kinesis.PutRecordsRequestEntry;
import io.riffle.aws.wire.kinesis.Record;
import io.riffle.aws.wire.kinesis.ShardIteratorType;
import io.riffle.aws.wire.kinesis.UpdateShardCountInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Kinesis codec generated from the model (riffle-codegen) over the wire runtime: decode, encode, round trips. */
class KinesisCodecTest {
    private final WireCodec codec = WireCodec.standard();

    private PutRecordsInput putRecords(String json) {
        return codec.decode(bytes(json), WireFormat.JSON, KinesisCodec::readPutRecordsInput);
    }

    @Test
    void decodesPutRecordsFromJsonWithBlobsDecodedOnce() {
        PutRecordsInput in = putRecords("""
                {"StreamName":"s","Records":[{"Data":"aGVsbG8=","PartitionKey":"k1"},
                 {"Data":"","PartitionKey":"k2","ExplicitHashKey":"7"}]}""");

        assertThat(in.streamName()).isEqualTo("s");
        assertThat(in.records()).hasSize(2);
        assertThat(in.records().get(0).data().toByteArray()).isEqualTo(bytes("hello"));
        assertThat(in.records().get(0).partitionKey()).isEqualTo("k1");
        assertThat(in.records().get(1).data().length()).isZero();
        assertThat(in.records().get(1).explicitHashKey()).isEqualTo("7");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void putRecordsRoundTripsInBothFormats(WireFormat format) {
        List<PutRecordsRequestEntry> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[1024];
            Arrays.fill(data, (byte) i);
            records.add(PutRecordsRequestEntry.builder().data(Blob.wrap(data)).partitionKey("pk-" + i).build());
        }
        PutRecordsInput in = PutRecordsInput.builder().streamName("stream").records(records).build();

        byte[] wire = codec.encode(format, in, KinesisCodec::writePutRecordsInput);

        assertThat(codec.decode(wire, format, KinesisCodec::readPutRecordsInput)).isEqualTo(in);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void getRecordsOutputRoundTripsWithTimestampsAndEnums(WireFormat format) {
        Record record = Record.builder().sequenceNumber("4960").data(Blob.copyOf(new byte[] {1, 2, 3}))
                .partitionKey("k").approximateArrivalTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))
                .encryptionType(io.riffle.aws.wire.kinesis.EncryptionType.NONE).build();
        GetRecordsOutput out = GetRecordsOutput.builder().records(List.of(record)).nextShardIterator("it")
                .millisBehindLatest(0L).build();

        byte[] wire = codec.encode(format, out, KinesisCodec::writeGetRecordsOutput);

        GetRecordsOutput back = codec.decode(wire, format, KinesisCodec::readGetRecordsOutput);
        assertThat(back).isEqualTo(out);
        assertThat(back.records().get(0).encryptionType()).isEqualTo(io.riffle.aws.wire.kinesis.EncryptionType.NONE);
    }

    @Test
    void timestampsAreEpochSecondsInJsonAndTaggedMillisecondsInCbor() throws IOException {
        GetShardIteratorInput in = GetShardIteratorInput.builder().streamName("s").shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(Instant.ofEpochMilli(1_700_000_000_123L))
                .build();

        assertThat(new String(codec.encode(WireFormat.JSON, in, KinesisCodec::writeGetShardIteratorInput),
                StandardCharsets.UTF_8)).contains("\"Timestamp\":1700000000.123");

        ByteArrayOutputStream cbor = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(cbor)) {
            g.writeStartObject();
            g.writeFieldName("Timestamp");
            g.writeTag(1);
            g.writeNumber(1_700_000_000_123L);
            g.writeEndObject();
        }
        assertThat(codec.decode(cbor.toByteArray(), WireFormat.CBOR, KinesisCodec::readGetShardIteratorInput).timestamp())
                .isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(codec.decode(bytes("{\"Timestamp\":1700000000.1239}"), WireFormat.JSON,
                KinesisCodec::readGetShardIteratorInput).timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    }

    @Test
    void enumsKeepTheRawValueAndMapUnknownOnes() {
        GetShardIteratorInput in = codec.decode(bytes("{\"ShardIteratorType\":\"SOMETIMES\"}"), WireFormat.JSON,
                KinesisCodec::readGetShardIteratorInput);

        assertThat(in.shardIteratorTypeAsString()).isEqualTo("SOMETIMES");
        assertThat(in.shardIteratorType()).isEqualTo(ShardIteratorType.UNKNOWN_TO_MODEL);
        assertThat(ShardIteratorType.fromWire("LATEST")).isEqualTo(ShardIteratorType.LATEST);
        assertThat(ShardIteratorType.LATEST).hasToString("LATEST");
    }

    @Test
    void nullsAreUnsetUnknownMembersSkippedNullItemsKept() {
        PutRecordsInput in = putRecords("""
                {"StreamName":null,"Other":{"a":[1,{"b":2}]},"Records":[null,{"Data":"AA==","PartitionKey":"k"}]}""");

        assertThat(in.streamName()).isNull();
        assertThat(in.records()).hasSize(2);
        assertThat(in.records().get(0)).isNull();
        assertThat(in.records().get(1).partitionKey()).isEqualTo("k");
        assertThat(codec.decode(new byte[0], WireFormat.CBOR, KinesisCodec::readPutRecordsInput))
                .isEqualTo(PutRecordsInput.builder().build());
    }

    @Test
    void numbersAreTruncatedAsCoralDoes() {
        assertThat(listStreams("{\"Limit\":3.7}").limit()).isEqualTo(3);
        assertThat(listStreams("{\"Limit\":-3.2}").limit()).isEqualTo(-4);
        assertThat(listStreams("{\"Limit\":100000000000000000000}").limit()).isEqualTo(Integer.MAX_VALUE);
        assertThat(listStreams("{\"Limit\":-1e30}").limit()).isEqualTo(Integer.MIN_VALUE);
        UpdateShardCountInput update = codec.decode(bytes("{\"TargetShardCount\":12}"), WireFormat.JSON,
                KinesisCodec::readUpdateShardCountInput);
        assertThat(update.targetShardCount()).isEqualTo(12);
    }

    @Test
    void aMemberOfTheWrongKindIsASerializationExceptionInCoralsWords() {
        assertSerialization(() -> listStreams("{\"Limit\":\"ten\"}"),
                "class java.lang.String can not be converted to an Integer");
        assertSerialization(() -> listStreams("{\"Limit\":true}"),
                "class java.lang.Boolean can not be converted to an Integer");
        assertSerialization(() -> putRecords("{\"StreamName\":5}"),
                "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String");
        assertSerialization(() -> putRecords("{\"StreamName\":[]}"), "Start of list found where not expected");
        assertSerialization(() -> putRecords("{\"Records\":{}}"), "Start of structure or map found where not expected.");
        assertSerialization(() -> putRecords("{\"Records\":\"x\"}"), "Expected list or null");
        assertSerialization(() -> putRecords("{\"Records\":[[]]}"), "Start of list found where not expected");
        assertSerialization(() -> putRecords("{\"Records\":[5]}"), "Expected null");
        assertSerialization(() -> putRecords("{\"Records\":[{\"Data\":\"abc\"}]}"),
                "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3");
        assertSerialization(() -> putRecords("{\"Records\":[{\"Data\":\"ab*=\"}]}"),
                "'ab*=' can not be converted to a Blob: Invalid Base64 character: '*'");
        assertSerialization(() -> putRecords("{\"Records\":[{\"Data\":\"YR==\"}]}"),
                "'YR==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected");
        assertSerialization(() -> codec.decode(bytes("{\"EnforceConsumerDeletion\":\"maybe\"}"), WireFormat.JSON,
                KinesisCodec::readDeleteStreamInput), "'MAYBE' can not be converted to an Boolean");
        assertThat(codec.decode(bytes("{\"EnforceConsumerDeletion\":\"yes\"}"), WireFormat.JSON,
                KinesisCodec::readDeleteStreamInput).enforceConsumerDeletion()).isTrue();
    }

    @Test
    void aBodyThatIsNotAnObjectIsASerializationExceptionWithoutMessage() {
        assertSerialization(() -> putRecords("[1]"), null);
        assertSerialization(() -> putRecords("{\"StreamName\":"), null);
        assertSerialization(() -> putRecords("{} {}"), null);
        assertSerialization(() -> codec.decode(new byte[] {(byte) 0xff, 0x01}, WireFormat.CBOR,
                KinesisCodec::readPutRecordsInput), null);
    }

    @Test
    void documentsPastTheParseLimitsAreRefused() {
        StringBuilder deep = new StringBuilder("{\"Records\":[");
        deep.append("{\"a\":".repeat(20)).append("1").append("}".repeat(20)).append("]}");
        assertSerialization(() -> putRecords(deep.toString()), null);

        StringBuilder wide = new StringBuilder("{\"Other\":{");
        for (int i = 0; i < 30_000; i++) {
            wide.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        assertSerialization(() -> putRecords(wide.append("}}").toString()), null);
    }

    @Test
    void theOperationsAndServiceComeFromTheModel() {
        assertThat(KinesisOperations.ALL).hasSize(39);
        assertThat(KinesisOperations.SERVICE.targetPrefix()).isEqualTo("Kinesis_20131202");
        assertThat(KinesisOperations.SERVICE.jsonVersion()).isEqualTo("1.1");
        assertThat(KinesisOperations.SERVICE.operation("PutRecords")).contains(KinesisOperations.PUT_RECORDS);
        assertThat(KinesisOperations.PUT_RECORDS.inputType()).isEqualTo(PutRecordsInput.class);
        assertThat(KinesisOperations.PUT_RECORDS.errors()).contains("ResourceNotFoundException",
                "ProvisionedThroughputExceededException");
        assertThat(KinesisOperations.CREATE_STREAM.hasOutput()).isFalse();
        PutRecordsInput in = codec.decode(bytes("{\"StreamName\":\"s\"}"), WireFormat.JSON,
                KinesisOperations.PUT_RECORDS.inputReader());
        assertThat(in.streamName()).isEqualTo("s");
    }

    @Test
    void errorsAreEnvelopedInTheRequestsFormat() {
        AwsServiceException notFound = new AwsServiceException("ResourceNotFoundException", 400, "Stream s not found.");
        assertThat(new String(ErrorEnvelope.encode(codec, notFound, WireFormat.JSON), StandardCharsets.UTF_8))
                .isEqualTo("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream s not found.\"}");
        assertThat(new String(ErrorEnvelope.encode(codec, WireCodec.serialization("bad"), WireFormat.JSON),
                StandardCharsets.UTF_8)).isEqualTo("{\"__type\":\"SerializationException\",\"Message\":\"bad\"}");
        byte[] cbor = ErrorEnvelope.encode(codec, notFound, WireFormat.CBOR);
        assertThat(cbor[0]).isEqualTo((byte) 0xa2); // a map of two, definite length
    }

    private ListStreamsInput listStreams(String json) {
        return codec.decode(bytes(json), WireFormat.JSON, KinesisCodec::readListStreamsInput);
    }

    private static void assertSerialization(Runnable decode, String message) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.type()).isEqualTo("SerializationException");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
