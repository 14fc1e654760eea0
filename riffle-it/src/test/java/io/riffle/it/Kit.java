package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Small helpers shared by the ITs: names, polling with a deadline, error checks, hash keys. */
final class Kit {

    static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    static final Duration STATE_DEADLINE = Duration.ofSeconds(20);

    private static final AtomicInteger NAMES = new AtomicInteger();

    private Kit() {
    }

    /** A stream name unique within this JVM: {@code prefix-N-rand}. */
    static String name(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code deadline}. */
    static void await(Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting for " + what);
            }
            pause(20);
        }
    }

    /** Polls {@code value} until it is non-null. */
    static <T> T awaitValue(Duration deadline, String what, Supplier<T> value) {
        Object[] box = new Object[1];
        await(deadline, what, () -> (box[0] = value.get()) != null);
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a provisioned stream and waits (polling DescribeStreamSummary) until it is ACTIVE. */
    static String createActive(KinesisClient kinesis, String name, int shards) {
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        awaitActive(kinesis, name);
        return name;
    }

    static void awaitActive(KinesisClient kinesis, String name) {
        await(STATE_DEADLINE, name + " to be ACTIVE", () -> kinesis.describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
    }

    /** Deletes the stream and waits until DescribeStreamSummary answers ResourceNotFoundException. */
    static void deleteAndAwaitGone(KinesisClient kinesis, String name) {
        kinesis.deleteStream(b -> b.streamName(name));
        awaitGone(kinesis, name);
    }

    static void awaitGone(KinesisClient kinesis, String name) {
        await(STATE_DEADLINE, name + " to be gone", () -> {
            try {
                kinesis.describeStreamSummary(b -> b.streamName(name));
                return false;
            } catch (ResourceNotFoundException gone) {
                return true;
            }
        });
    }

    /** All shards of a stream, following NextToken. */
    static List<Shard> shards(KinesisClient kinesis, String stream) {
        List<Shard> shards = new ArrayList<>();
        ListShardsResponse page = kinesis.listShards(b -> b.streamName(stream));
        shards.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(b -> b.nextToken(token));
            shards.addAll(page.shards());
        }
        return shards;
    }

    /**
     * Reads a shard from TRIM_HORIZON until a GetRecords returns nothing and is 0 ms behind
     * the tip (the shard's end as of now).
     */
    static List<Record> readAll(KinesisClient kinesis, String stream, String shardId) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return drain(kinesis, iterator);
    }

    /** GetRecords from {@code iterator} until an empty answer at the tip. */
    static List<Record> drain(KinesisClient kinesis, String iterator) {
        List<Record> records = new ArrayList<>();
        String it = iterator;
        int emptyInARow = 0;
        for (int calls = 0; it != null; calls++) {
            assertThat(calls).as("GetRecords calls to drain a shard").isLessThan(10_000);
            String current = it;
            GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(current));
            records.addAll(r.records());
            emptyInARow = r.records().isEmpty() ? emptyInARow + 1 : 0;
            // at the tip: empty and 0 ms behind (RecordsIT checks MillisBehindLatest on its own,
            // so a wrong value must not make this loop forever)
            if (emptyInARow > 0 && (Long.valueOf(0).equals(r.millisBehindLatest()) || emptyInARow >= 5)) {
                break;
            }
            it = r.nextShardIterator();
        }
        return records;
    }

    /** The 128-bit hash key Kinesis derives from a partition key: MD5 as an unsigned integer. */
    static BigInteger hashKey(String partitionKey) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shard whose hash key range holds {@code hashKey}. */
    static String shardOwning(List<Shard> shards, BigInteger hashKey) {
        for (Shard s : shards) {
            BigInteger lo = new BigInteger(s.hashKeyRange().startingHashKey());
            BigInteger hi = new BigInteger(s.hashKeyRange().endingHashKey());
            if (hashKey.compareTo(lo) >= 0 && hashKey.compareTo(hi) <= 0
                    && s.sequenceNumberRange().endingSequenceNumber() == null) {
                return s.shardId();
            }
        }
        throw new AssertionError("no open shard owns hash key " + hashKey + " in " + shards);
    }

    static SdkBytes bytes(String s) {
        return SdkBytes.fromUtf8String(s);
    }

    static SdkBytes bytes(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return SdkBytes.fromByteArrayUnsafe(b);
    }

    /**
     * Runs {@code call}, expects a Kinesis error of {@code type} (the exception class the SDK
     * maps the {@code __type} to) with HTTP 400, answered on the first attempt (a 4xx that is not
     * throttling must never make the SDK retry). Returns the exception for more checks.
     */
    static <T extends KinesisException> T expectError(Class<T> type, ThrowingCallable call) {
        Throwable thrown = unwrap(catchThrowable(call));
        assertThat(thrown).as("expected %s", type.getSimpleName()).isNotNull();
        if (!type.isInstance(thrown)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + describe(thrown), thrown);
        }
        T e = type.cast(thrown);
        assertThat(e.statusCode()).as("HTTP status of %s", describe(e)).isEqualTo(400);
        assertThat(e.numAttempts()).as("attempts the SDK made for %s (must not retry)", describe(e)).isEqualTo(1);
        return e;
    }

    /**
     * Like {@link #expectError} for input the model or Kinesis rejects, where Kinesis answers
     * ValidationException when the check is a model constraint and InvalidArgumentException when
     * it is a semantic one; either is accepted, nothing else.
     */
    static KinesisException expectInvalid(ThrowingCallable call) {
        KinesisException e = expectError(KinesisException.class, call);
        assertThat(errorCode(e)).as("__type of %s", describe(e))
                .isIn(Set.of("ValidationException", "InvalidArgumentException"));
        return e;
    }

    static String errorCode(KinesisException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    static String describe(Throwable t) {
        if (t instanceof KinesisException k) {
            return k.getClass().getSimpleName() + "(status " + k.statusCode() + ", __type "
                    + errorCode(k) + ", attempts " + k.numAttempts() + ", message '"
                    + (k.awsErrorDetails() == null ? k.getMessage() : k.awsErrorDetails().errorMessage()) + "')";
        }
        return String.valueOf(t);
    }

    /** The SDK's async client wraps errors in CompletionException/ExecutionException. */
    static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }

    static String message(KinesisException e) {
        return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    }
}
