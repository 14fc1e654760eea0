package io.riffle.triggers.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDestinationTest {
    @TempDir
    Path root;

    @Test
    void anObjectIsAFileUnderItsBucketAndNoTemporaryFileStays() throws IOException {
        String key = InvocationRecord.objectKey("u1", "shardId-000000000000", 1_700_000_000_000L);
        new FolderDestination(root).put("dlq", key, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(key).startsWith("aws/lambda/u1/shardId-000000000000/2023/11/14/2023-11-14T22.13.20-");
        assertThat(Files.readString(root.resolve("dlq").resolve(key))).isEqualTo("{}");
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).singleElement();
        }
    }

    @Test
    void aKeyCannotLeaveItsBucket() {
        assertThatThrownBy(() -> new FolderDestination(root).put("dlq", "../other/x", new byte[0]))
                .isInstanceOf(IOException.class).hasMessageContaining("outside its bucket");
    }

    @Test
    void onlyS3BucketArnsNameABucket() {
        assertThat(InvocationRecord.bucketOf("arn:aws:s3:::dlq")).isEqualTo("dlq");
        assertThat(InvocationRecord.bucketOf("arn:aws:s3:::")).isNull();
        assertThat(InvocationRecord.bucketOf("arn:aws:s3:::dlq/prefix")).isNull();
        assertThat(InvocationRecord.bucketOf("arn:aws:sqs:us-east-1:000000000000:dlq")).isNull();
        assertThat(InvocationRecord.bucketOf(null)).isNull();
    }

    @Test
    void onlyKinesisStreamArnsNameAFailureStream() {
        String stream = "arn:aws:kinesis:us-east-1:000000000000:stream/failures";
        assertThat(InvocationRecord.streamOf(stream)).isEqualTo(stream);
        assertThat(InvocationRecord.streamOf(stream + "/consumer/c:1")).isNull();
        assertThat(InvocationRecord.streamOf("arn:aws:kinesis:us-east-1:000000000000:stream/")).isNull();
        assertThat(InvocationRecord.streamOf("arn:aws:s3:::failures")).isNull();
        assertThat(InvocationRecord.streamOf(null)).isNull();
    }
}
