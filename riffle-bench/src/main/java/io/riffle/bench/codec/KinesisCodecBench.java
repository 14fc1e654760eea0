package io.riffle.bench.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.KinesisValidator;
import io.riffle.kinesis.api.PutRecordsInput;
import io.riffle.kinesis.api.PutRecordsOutput;
import io.riffle.kinesis.api.PutRecordsResultEntry;
import io.riffle.kinesis.protocol.ApiAnswer;
import io.riffle.kinesis.protocol.ApiCall;
import io.riffle.kinesis.protocol.KinesisApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Decoding (and validating) one PutRecords of 500 records of 1 KiB, as boto3 sends it (JSON, base64 data) and
 * as the Java SDK sends it (CBOR, byte strings), with the codec and validator riffle-kinesis generates from the
 * model (riffle-codegen; streaming, no tree, each blob decoded once; a CBOR byte string is a view of the body),
 * and the whole of {@code KinesisApi.dispatch} (checks, decode, validate, an operation that answers at once, the
 * answer of 500 entries encoded). The tree path this replaced (riffle-kinesis's {@code ApiCodec} and
 * {@code RequestValidator}) is gone; docs/benchmarks.md keeps its figures.
 *
 * <p>Run: {@code java -cp <riffle-bench class path> io.riffle.bench.codec.KinesisCodecBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KinesisCodecBench {
    private static final int RECORDS = 500;
    private static final int RECORD_BYTES = 1024;

    @Param({"JSON", "CBOR"})
    public String format;

    private WireCodec wireCodec;
    private byte[] body;
    private WireFormat wireFormat;
    private KinesisApi api;
    private String contentType;
    private final Map<String, String> headers = Map.of("authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/"
            + "us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00", "x-amz-date", "20240101T000000Z");

    @Setup
    public void setUp() throws IOException {
        wireCodec = WireCodec.standard();
        wireFormat = WireFormat.valueOf(format);
        body = putRecordsBody(wireFormat);
        contentType = wireFormat == WireFormat.CBOR ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1";
        List<PutRecordsResultEntry> entries = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            entries.add(new PutRecordsResultEntry("4963" + "0".repeat(50) + i, "shardId-000000000000", null, null));
        }
        PutRecordsOutput answer = new PutRecordsOutput(0, entries, "NONE");
        api = new KinesisApi();
        api.register(KinesisOperations.PUT_RECORDS, request -> java.util.concurrent.CompletableFuture.completedFuture(answer));
    }

    /** 500 records of 1 KiB of seeded random bytes, partition keys pk-N, as the SDKs lay them out. */
    static byte[] putRecordsBody(WireFormat format) throws IOException {
        Random random = new Random(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream(RECORDS * RECORD_BYTES * 2);
        JsonGenerator g = format == WireFormat.CBOR ? new CBORFactory().createGenerator(out)
                : new com.fasterxml.jackson.core.JsonFactory().createGenerator(out);
        g.writeStartObject();
        g.writeStringField("StreamName", "bench");
        g.writeFieldName("Records");
        g.writeStartArray();
        for (int i = 0; i < RECORDS; i++) {
            byte[] data = new byte[RECORD_BYTES];
            random.nextBytes(data);
            g.writeStartObject();
            g.writeFieldName("Data");
            if (format == WireFormat.CBOR) {
                g.writeBinary(data);
            } else {
                g.writeString(Base64.getEncoder().encodeToString(data));
            }
            g.writeStringField("PartitionKey", "pk-" + i);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.close();
        return out.toByteArray();
    }

    @Benchmark
    public PutRecordsInput generatedDecode() {
        return wireCodec.decode(body, wireFormat, KinesisCodec::readPutRecordsInput);
    }

    @Benchmark
    public boolean generatedDecodeAndValidate() {
        return KinesisValidator.validate(wireCodec.decode(body, wireFormat, KinesisCodec::readPutRecordsInput)).isEmpty();
    }

    @Benchmark
    public ApiAnswer dispatch() {
        return api.dispatch(new ApiCall("Kinesis_20131202.PutRecords", contentType, body, headers, "bench")).join();
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(KinesisCodecBench.class.getSimpleName()).build()).run();
    }
}
