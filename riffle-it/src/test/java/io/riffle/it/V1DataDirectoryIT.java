package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Data directories written by main's jar in record-batch format v1 (checked in under riffle-storage's
 * {@code v1-store/}, see its README) open under this server with their stream and every record:
 * one closed cleanly, one killed with kill -9 right after its last acknowledgement. New records go
 * in after the old ones and survive a restart. The server logs storage's recovery report (on stderr).
 */
class V1DataDirectoryIT {
    private static final Path FIXTURES = Path.of("../riffle-storage/src/test/resources/v1-store");
    /**
     * A few minutes after write.py wrote the fixtures (their records arrived at 04:10:02 to 04:10:13 that day). The
     * server runs with its clock shifted there ({@code clock-offset-ms}): by the machine's clock the records are past
     * their stream's 24-hour retention and the server would rightly delete them.
     */
    private static final long FIXTURE_CLOCK_MS = Instant.parse("2026-12-04T04:15:00Z").toEpochMilli();

    /** Replaces the stopped server's data directory with a copy of a fixture, owner-only as the server wants it. */
    private static void seed(RiffleServerProcess server, String fixture) throws IOException {
        Path dir = server.dataDir();
        try (Stream<Path> old = Files.walk(dir)) {
            for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
        Path source = FIXTURES.resolve(fixture);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.copy(p, to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    private static List<Record> readStream(KinesisClient kinesis, String stream) {
        List<Record> all = new ArrayList<>();
        for (Shard shard : Kit.shards(kinesis, stream)) {
            all.addAll(Kit.readAll(kinesis, stream, shard.shardId()));
        }
        return all;
    }

    private static void assertWrittenByTheOldJar(List<Record> records, String stream, int count) {
        List<String> data = records.stream().map(r -> r.data().asUtf8String()).filter(d -> d.startsWith(stream)).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(stream + " record " + i);
        }
        assertThat(data).containsExactlyInAnyOrderElementsOf(expected);
        for (Record r : records) {
            String d = r.data().asUtf8String();
            if (d.startsWith(stream)) {
                assertThat(r.partitionKey()).isEqualTo("pk-" + d.substring((stream + " record ").length()));
            }
        }
    }

    /**
     * The 39-digit number main's jar answered for a record (its {@code SequenceNumber}: bits 127..126 "10",
     * then 32 bits of stream incarnation, 24 of shard index, 24 of writer epoch, 46 of position). In the
     * {@code clean} fixture the stream is incarnation 1 (its logs are {@code s1-0} and {@code s1-1}) and every
     * record was written in writer epoch 1 ({@code store-epoch}), at positions 0 and up in each shard.
     */
    private static String numberFromTheOldJar(int shardIndex, long position) {
        return BigInteger.ONE.shiftLeft(127).or(BigInteger.ONE.shiftLeft(94))
                .or(BigInteger.valueOf(shardIndex).shiftLeft(70)).or(BigInteger.ONE.shiftLeft(46))
                .or(BigInteger.valueOf(position)).toString();
    }

    /**
     * Records written before the upgrade report 56-digit numbers, in order, and a 39-digit number a client
     * kept from before (a checkpoint) still names the same record: AT starts at it, AFTER after it.
     */
    private static void assertOldNumbersNameTheirRecords(KinesisClient kinesis, String stream) {
        for (Shard shard : Kit.shards(kinesis, stream)) {
            int index = Integer.parseInt(shard.shardId().substring("shardId-".length()));
            List<Record> records = Kit.readAll(kinesis, stream, shard.shardId());
            assertThat(records).isNotEmpty();
            BigInteger previous = BigInteger.ZERO;
            for (Record r : records) {
                assertThat(r.sequenceNumber()).as("number of an old record").hasSize(56);
                assertThat(new BigInteger(r.sequenceNumber())).isGreaterThan(previous);
                previous = new BigInteger(r.sequenceNumber());
            }
            // the old jar's records come first (a record written since goes after them)
            int written = (int) records.stream().filter(r -> r.data().asUtf8String().startsWith(stream)).count();
            for (int position : List.of(0, written / 2, written - 1)) {
                String old = numberFromTheOldJar(index, position);
                assertThat(old).hasSize(39);
                List<Record> at = Kit.drain(kinesis, iterator(kinesis, stream, shard.shardId(), "AT_SEQUENCE_NUMBER", old));
                assertThat(at).as("AT %s of %s", old, shard.shardId()).isNotEmpty();
                assertThat(at.get(0).sequenceNumber()).isEqualTo(records.get(position).sequenceNumber());
                assertThat(at.get(0).data()).isEqualTo(records.get(position).data());
                List<Record> after = Kit.drain(kinesis, iterator(kinesis, stream, shard.shardId(), "AFTER_SEQUENCE_NUMBER",
                        old));
                assertThat(after).as("AFTER %s of %s", old, shard.shardId())
                        .isEqualTo(records.subList(position + 1, records.size()));
            }
        }
    }

    private static String iterator(KinesisClient kinesis, String stream, String shardId, String type, String number) {
        return kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId).shardIteratorType(type)
                .startingSequenceNumber(number)).shardIterator();
    }

    @Test
    void v1DataDirectoriesOpenWithTheirStreamsAndEveryRecord() throws Exception {
        try (RiffleServerProcess server = RiffleServerProcess.start("v1-data",
                "clock-offset-ms=" + (FIXTURE_CLOCK_MS - System.currentTimeMillis()))) {
            server.stop();
            seed(server, "clean");
            server.start();
            assertThat(server.stderr()).contains("storage opened after a clean shutdown: 3 logs")
                    .contains("The clock is shifted by");
            try (KinesisClient kinesis = SdkClients.sync(server.endpoint(), null)) {
                assertThat(kinesis.listStreams().streamNames()).containsExactly("v1-clean");
                assertThat(Kit.shards(kinesis, "v1-clean")).hasSize(2);
                assertWrittenByTheOldJar(readStream(kinesis, "v1-clean"), "v1-clean", 120);
                assertOldNumbersNameTheirRecords(kinesis, "v1-clean");
                kinesis.putRecord(b -> b.streamName("v1-clean").partitionKey("new").explicitHashKey("7")
                        .data(Kit.bytes("written in v2")));
            }
            server.restart();
            try (KinesisClient kinesis = SdkClients.sync(server.endpoint(), null)) {
                List<Record> all = readStream(kinesis, "v1-clean");
                assertWrittenByTheOldJar(all, "v1-clean", 120);
                assertThat(all).extracting(r -> r.data().asUtf8String()).contains("written in v2").hasSize(121);
                // the new record sorts after the old ones of its shard; old numbers still work after a restart
                assertOldNumbersNameTheirRecords(kinesis, "v1-clean");
            }

            server.stop();
            seed(server, "crashed");
            server.start();
            assertThat(server.stderr()).contains("storage recovered after a crash in ").contains("; nothing cut");
            try (KinesisClient kinesis = SdkClients.sync(server.endpoint(), null)) {
                assertThat(kinesis.listStreams().streamNames()).containsExactly("v1-crashed");
                assertWrittenByTheOldJar(readStream(kinesis, "v1-crashed"), "v1-crashed", 90);
            }
        }
    }
}
