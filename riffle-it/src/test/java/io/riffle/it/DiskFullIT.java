package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.describe;
import static io.riffle.it.Kit.errorCode;
import static io.riffle.it.Kit.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * A real full disk: the server's data directory on a 16 MiB tmpfs, filled by a ballast file
 * while the server runs. CreateStream and PutRecord then answer 503 ServiceUnavailable saying the
 * disk is full (the SDK retries it, then gives up), nothing is left half made (no temporary file,
 * no stream), {@code /health} is degraded with the reason and {@code /metrics} counts the errors;
 * with the ballast gone everything works again, every acknowledged record is there, also after a
 * restart.
 *
 * <p>Mounting needs root on Linux: elsewhere the test is skipped, saying so. The same paths are
 * covered on every machine by riffle-server's DiskFullInProcessTest over the simulated disk.
 */
class DiskFullIT {
    private static final String FULL = ": the disk of Riffle's data directory is full. Retry once space is freed.";

    @Test
    void aFullDiskAnswers503ThenEverythingWorksOnceSpaceIsFreed() throws Exception {
        try (RiffleServerProcess server = RiffleServerProcess.start("disk-full")) {
            server.stop();
            Path dir = server.dataDir();
            mountTmpfs(dir); // hides the first start's files: the server starts afresh on the tmpfs
            try {
                server.start();
                run(server, dir);
            } finally {
                if (server.isRunning()) {
                    server.stop();
                }
                exec("umount", dir.toString());
            }
        }
    }

    private static void run(RiffleServerProcess server, Path dir) throws Exception {
        try (KinesisClient kinesis = SdkClients.sync(server.endpoint(), null)) {
            String stream = createActive(kinesis, "kept", 1);
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String data = "record " + i;
                kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(Kit.bytes(data)));
                acknowledged.add(data);
            }
            Path ballast = dir.resolve("ballast");
            fill(ballast);

            KinesisException created = expect503(() -> kinesis.createStream(b -> b.streamName("new").shardCount(1)));
            assertThat(message(created)).isEqualTo("The shards were not created" + FULL);
            // large enough to need new pages of the tmpfs in both the segment and the journal
            KinesisException put = expect503(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("k")
                    .data(Kit.bytes(256 * 1024, 7))));
            assertThat(message(put)).isEqualTo("The record was not stored" + FULL);

            HttpResponse<String> health = get(server.endpoint(), "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("{\"status\":\"degraded\",\"reason\":\"disk full since ")
                    .contains("No space left on device");
            MetricsIT.Scrape metrics = MetricsIT.scrape(server.endpoint());
            double errors = metrics.value("riffle_storage_io_errors_total{kind=\"disk_full\"}");
            assertThat(errors).as("a failed write per SDK attempt, at least").isGreaterThanOrEqualTo(2);
            assertThat(metrics.value("riffle_storage_io_errors_total{kind=\"io_error\"}")).isZero();
            assertThat(metrics.value("riffle_storage_write_failing{kind=\"disk_full\"}")).isEqualTo(1);
            assertThat(metrics.value("riffle_storage_free_bytes")).isLessThan(256 * 1024);
            assertThat(kinesis.listStreams().streamNames()).containsExactly(stream);
            assertThat(filesIn(dir)).noneMatch(f -> f.endsWith(".tmp"));
            // the stream's log, the services' metadata logs (_meta, _dynamodb, _firehose, _triggers), nothing else
            assertThat(filesIn(dir.resolve("logs"))).as("no storage of the stream that was not created")
                    .allMatch(f -> f.startsWith("_") || f.startsWith("s1-0/"))
                    .noneMatch(f -> f.startsWith("new-"));

            Files.delete(ballast);
            createActive(kinesis, "new", 1);
            String data = "after";
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(Kit.bytes(data)));
            acknowledged.add(data);
            // healthy once writes succeed (a checkpoint that failed meanwhile is followed by one that works)
            Kit.await(Kit.STATE_DEADLINE, "/health to be ok", () -> get(server.endpoint(), "/health").statusCode() == 200);
            assertThat(get(server.endpoint(), "/health").body()).isEqualTo("{\"status\":\"ok\"}");
            metrics = MetricsIT.scrape(server.endpoint());
            assertThat(metrics.value("riffle_storage_write_failing{kind=\"disk_full\"}")).isZero();
            assertThat(metrics.value("riffle_storage_io_errors_total{kind=\"disk_full\"}")).isGreaterThanOrEqualTo(errors);
            assertThat(texts(Kit.readAll(kinesis, stream, "shardId-000000000000"))).isEqualTo(acknowledged);
        }
        server.restart();
        try (KinesisClient kinesis = SdkClients.sync(server.endpoint(), null)) {
            assertThat(kinesis.listStreams().streamNames()).containsExactly("kept", "new");
            assertThat(texts(Kit.readAll(kinesis, "kept", "shardId-000000000000"))).hasSize(51).endsWith("after");
        }
    }

    /** A 503 ServiceUnavailable, which the SDK retried before giving up. */
    private static KinesisException expect503(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(KinesisException.class);
        KinesisException e = (KinesisException) thrown;
        assertThat(e.statusCode()).as(describe(e)).isEqualTo(503);
        assertThat(errorCode(e)).as(describe(e)).isEqualTo("ServiceUnavailable");
        assertThat(e.numAttempts()).as("the SDK retries a 503: " + describe(e)).isGreaterThan(1);
        return e;
    }

    private static List<String> texts(List<Record> records) {
        return records.stream().map(r -> r.data().asString(StandardCharsets.UTF_8)).toList();
    }

    /** Writes until the file system says it is full, down to its last byte. */
    private static void fill(Path ballast) throws IOException {
        try (FileChannel file = FileChannel.open(ballast, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int chunk : new int[] {1 << 20, 4096, 1}) {
                ByteBuffer bytes = ByteBuffer.allocate(chunk);
                while (true) {
                    try {
                        bytes.clear();
                        while (bytes.hasRemaining()) {
                            file.write(bytes);
                        }
                    } catch (IOException e) {
                        assertThat(e).hasMessageContaining("No space left on device");
                        break;
                    }
                }
            }
        }
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
        }
    }

    private static HttpResponse<String> get(URI endpoint, String path) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Mounts a 16 MiB tmpfs on {@code dir}, or skips the test when this machine does not let us. */
    private static void mountTmpfs(Path dir) throws Exception {
        String os = System.getProperty("os.name");
        Assumptions.assumeTrue(os.startsWith("Linux"), "a tmpfs mount needs Linux; this is " + os);
        String[] result = run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", dir.toString());
        Assumptions.assumeTrue(result[0].equals("0"), "cannot mount a tmpfs to fill (needs root): mount said: "
                + result[1].strip());
    }

    private static void exec(String... command) throws Exception {
        String[] result = run(command);
        assertThat(result[0]).as(String.join(" ", command) + ": " + result[1]).isEqualTo("0");
    }

    /** Exit code and output of a command, or "127" when it cannot be run. */
    private static String[] run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new String[] {"127", e.getMessage()};
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        return new String[] {Integer.toString(p.exitValue()), output};
    }
}
