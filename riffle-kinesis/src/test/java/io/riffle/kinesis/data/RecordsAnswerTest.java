package io.riffle.kinesis.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.riffle.aws.wire.Blob;
import io.riffle.aws.wire.WireCodec;
import io.riffle.kinesis.api.ChildShard;
import io.riffle.kinesis.api.GetRecordsOutput;
import io.riffle.kinesis.api.HashKeyRange;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.Record;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.WireFormat;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.Durability;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.RecordAttributes;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming encoders against the generated writer over the model's records (the tree path GetRecords used
 * before): for seeded random records (keys with quotes, control characters and non-ASCII text, empty and large
 * data, every kind of view storage hands out), both answers decode with Jackson to the same document, and in JSON
 * the bytes are the same too (but for characters beyond the BMP, which Jackson escapes and the encoder does not). The seed is in each failure's description.
 */
class RecordsAnswerTest {
    private static final WireCodec CODEC = WireCodec.standard();
    private static final long CREATED = 1_790_000_000_123L;
    private static final ShardInfo SHARD = ShardInfo.open(3, HashKeys.split(4).get(3), null, null, CREATED);
    private static final StreamInfo STREAM = new StreamInfo("s", 300, StreamInfo.StreamStatus.ACTIVE, CREATED,
            "PROVISIONED", CREATED, 24, List.of(SHARD), Map.of(), Set.of(), 1024);

    @Test
    void randomAnswersDecodeAsTheGeneratedWritersAnswers() throws Exception {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            List<StoredRecord> records = new ArrayList<>();
            int count = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                records.add(record(random));
            }
            GetRecordsOutput rest = random.nextBoolean()
                    ? new GetRecordsOutput(null, "AAAAAAAAAAF" + seed + "+/==", Math.abs(random.nextLong() >> random.nextInt(64)), null)
                    : new GetRecordsOutput(null, null, 0L, List.of(new ChildShard("shardId-000000000007",
                            List.of("shardId-000000000003"), new HashKeyRange("0", "340282366920938463463374607431768211455"))));
            String encryption = random.nextInt(4) == 0 ? "KMS" : null;
            for (WireFormat format : WireFormat.values()) {
                byte[] expected = oldPath(records, rest, encryption, format);
                byte[] actual = newPath(records, rest, encryption, format);
                String what = "seed " + seed + ", " + format;
                assertThat(decode(actual, format)).as(what).isEqualTo(decode(expected, format));
                int bound = new RecordsAnswer<>(STREAM, SHARD, records, encryption, rest,
                        KinesisCodec::writeGetRecordsOutput).body(format).maxSizeBytes();
                // CBOR's bound takes each record's three variable headers at their longest: 16 bytes over at most
                assertThat(bound).as(what + ": the body's bound").isBetween(actual.length,
                        format == WireFormat.JSON ? actual.length : actual.length + 16 * records.size());
                // Jackson escapes a character outside the BMP as two escapes; the encoder writes its UTF-8
                if (format == WireFormat.JSON && !hasCharacterBeyondTheBmp(records)) {
                    assertThat(firstDifference(actual, expected)).as(what).isEqualTo("none");
                }
            }
        }
    }

    private static boolean hasCharacterBeyondTheBmp(List<StoredRecord> records) {
        return records.stream().anyMatch(r -> r.keyAsString().codePoints().anyMatch(Character::isSupplementaryCodePoint));
    }

    /** Where two answers differ, with some text around it; "none" when they are the same bytes. */
    private static String firstDifference(byte[] actual, byte[] expected) {
        int i = 0;
        while (i < actual.length && i < expected.length && actual[i] == expected[i]) {
            i++;
        }
        if (i == actual.length && i == expected.length) {
            return "none";
        }
        int from = Math.max(0, i - 40);
        return "at " + i + ": " + new String(actual, from, Math.min(actual.length, i + 40) - from, StandardCharsets.UTF_8)
                + " instead of " + new String(expected, from, Math.min(expected.length, i + 40) - from, StandardCharsets.UTF_8);
    }

    /**
     * The records of a real store's reads (a list over its read buffers, walked by a cursor: several batches,
     * chunks), answered in both formats and buffer kinds, decode as the
     * generated writer's answers over the same records made objects.
     */
    @Test
    void answersOverAStoresReadsAreTheGeneratedWritersAnswers(@TempDir Path dir) throws Exception {
        Random random = new Random(11);
        try (LogStore store = LogStore.open(StoreConfig.at(dir).durability(Durability.NONE))) {
            ShardLog log = store.create("answers");
            for (int batch = 0; batch < 12; batch++) {
                List<AppendRecord> appended = new ArrayList<>();
                for (int i = random.nextInt(40); i >= 0; i--) {
                    StoredRecord r = record(random);
                    appended.add(new AppendRecord(r.key(), RecordAttributes.NONE, r.data(), r.arrivalTimestampMs()));
                }
                assertThat(log.append(appended).get(30, TimeUnit.SECONDS).isOk()).isTrue();
            }
            for (long position = 0; position < log.endPosition(); ) {
                ReadResult read = log.read(position, 1 + random.nextInt(60), 1 + random.nextInt(200_000));
                List<StoredRecord> asObjects = List.copyOf(read.records());
                GetRecordsOutput rest = new GetRecordsOutput(null, "it" + position, 0L, null);
                for (WireFormat format : WireFormat.values()) {
                    String what = "from " + position + ", " + format;
                    byte[] expected = oldPath(asObjects, rest, null, format);
                    assertThat(decode(newPath(read.records(), rest, null, format), format)).as(what)
                            .isEqualTo(decode(expected, format));
                    ByteBuf composite = Unpooled.compositeBuffer(); // no single NIO view: written through a copy
                    new RecordsAnswer<>(STREAM, SHARD, read.records(), null, rest, KinesisCodec::writeGetRecordsOutput)
                            .body(format).writeTo(composite);
                    assertThat(decode(ByteBufUtil.getBytes(composite), format)).as(what + ", composite")
                            .isEqualTo(decode(expected, format));
                    composite.release();
                }
                position = read.nextPosition();
            }
        }
    }

    @Test
    void theEncodersLeaveStoragesViewsAsTheyFoundThem() {
        Random random = new Random(7);
        List<StoredRecord> records = List.of(record(random), record(random), record(random));
        List<Integer> before = positions(records);
        for (WireFormat format : WireFormat.values()) {
            newPath(records, new GetRecordsOutput(null, "it", 0L, null), null, format);
        }
        assertThat(positions(records)).isEqualTo(before);
    }

    private static List<Integer> positions(List<StoredRecord> records) {
        List<Integer> positions = new ArrayList<>();
        for (StoredRecord r : records) {
            positions.add(r.key().position());
            positions.add(r.data().position());
        }
        return positions;
    }

    /** A record as storage hands it out: read-only views, at an offset of a larger buffer, heap or direct. */
    private static StoredRecord record(Random random) {
        byte[] data = new byte[random.nextInt(8) == 0 ? 0 : random.nextInt(4) == 0 ? random.nextInt(20_000) : random.nextInt(300)];
        random.nextBytes(data);
        byte[] key = key(random).getBytes(StandardCharsets.UTF_8);
        long arrivalMs = random.nextInt(10) == 0 ? random.nextInt(2000) : CREATED + random.nextInt(1_000_000_000);
        if (random.nextInt(5) == 0) {
            arrivalMs -= arrivalMs % (random.nextBoolean() ? 10 : 100); // fractions ending in zeros
        }
        int epoch = 1 + random.nextInt(random.nextBoolean() ? 3 : (1 << 19) - 1);
        long position = random.nextBoolean() ? random.nextInt(1000) : random.nextLong() & ((1L << 44) - 1);
        return new StoredRecord(position, arrivalMs, epoch, view(key, random), RecordAttributes.NONE, view(data, random));
    }

    private static String key(Random random) {
        String[] pieces = {"a", "Z", "0", "\"", "\\", "/", "\n", "\t", "\b", "\f", "\r", "\u0000", "\u001f", "\u007f",
            "é", "€", "ß", "\ud83d\ude00", "中", " ", "'", "<", "&", "\u2028"};
        StringBuilder key = new StringBuilder();
        int length = 1 + random.nextInt(random.nextBoolean() ? 8 : 256);
        while (key.length() < length) {
            key.append(random.nextInt(3) == 0 ? pieces[random.nextInt(pieces.length)]
                    : String.valueOf((char) ('a' + random.nextInt(26))));
        }
        return key.toString();
    }

    private static ByteBuffer view(byte[] bytes, Random random) {
        int before = random.nextInt(16);
        ByteBuffer whole = random.nextBoolean() ? ByteBuffer.allocate(before + bytes.length + 16)
                : ByteBuffer.allocateDirect(before + bytes.length + 16);
        whole.position(before).put(bytes).flip().position(before);
        return whole.asReadOnlyBuffer();
    }

    /** What GetRecords answered before the streaming encoders: the model's records through the generated writer. */
    private static byte[] oldPath(List<StoredRecord> stored, GetRecordsOutput rest, String encryption, WireFormat format) {
        List<Record> records = new ArrayList<>();
        for (StoredRecord r : stored) {
            records.add(new Record(SequenceNumbers.ofRecord(STREAM, SHARD, r.writerEpoch(), r.position(),
                    r.arrivalTimestampMs()), Instant.ofEpochMilli(r.arrivalTimestampMs()), Blob.wrap(r.dataBytes()),
                    r.keyAsString(), encryption));
        }
        GetRecordsOutput whole = new GetRecordsOutput(records, rest.nextShardIterator(), rest.millisBehindLatest(),
                rest.childShards());
        return CODEC.encode(format.wire(), whole, KinesisCodec::writeGetRecordsOutput);
    }

    private static byte[] newPath(List<StoredRecord> records, GetRecordsOutput rest, String encryption,
                                  WireFormat format) {
        ByteBuf body = new RecordsAnswer<>(STREAM, SHARD, records, encryption, rest, KinesisCodec::writeGetRecordsOutput)
                .encode(format, format == WireFormat.CBOR ? PooledByteBufAllocator.DEFAULT : ByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(body);
        } finally {
            body.release();
        }
    }

    private static JsonNode decode(byte[] body, WireFormat format) throws Exception {
        return (format == WireFormat.CBOR ? new CBORMapper() : new ObjectMapper()).readTree(body);
    }
}
