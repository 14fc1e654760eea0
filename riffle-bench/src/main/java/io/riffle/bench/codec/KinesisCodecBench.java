package io.riffle.bench.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.bench.codec.kinesis.KinesisCodec;
import io.riffle.bench.codec.kinesis.KinesisValidator;
import io.riffle.bench.codec.kinesis.PutRecordsInput;
import io.riffle.kinesis.protocol.ApiCodec;
import io.riffle.kinesis.protocol.RequestValidator;
import io.riffle.kinesis.protocol.ServiceModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
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
 * as the Java SDK sends it (CBOR, byte strings): today's tree path (riffle-kinesis's {@code ApiCodec} into an
 * {@code ObjectNode}, then {@code RequestValidator}) against the codec and validator generated from the model
 * (riffle-codegen; streaming, no tree, each blob decoded once).
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

    private ApiCodec treeCodec;
    private RequestValidator treeValidator;
    private String inputShape;
    private WireCodec wireCodec;
    private byte[] body;
    private io.riffle.kinesis.protocol.WireFormat treeFormat;
    private WireFormat wireFormat;

    @Setup
    public void setUp() throws IOException {
        ServiceModel model = ServiceModel.kinesis();
        treeCodec = new ApiCodec(model);
        treeValidator = new RequestValidator(model);
        inputShape = model.operation("PutRecords").orElseThrow().inputShape();
        wireCodec = WireCodec.standard();
        treeFormat = io.riffle.kinesis.protocol.WireFormat.valueOf(format);
        wireFormat = WireFormat.valueOf(format);
        body = putRecordsBody(wireFormat);
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
    public ObjectNode treeDecode() {
        return treeCodec.decode(body, treeFormat, "PutRecords");
    }

    @Benchmark
    public List<String> treeDecodeAndValidate() {
        return treeValidator.violations(treeCodec.decode(body, treeFormat, "PutRecords"), inputShape);
    }

    @Benchmark
    public PutRecordsInput generatedDecode() {
        return wireCodec.decode(body, wireFormat, KinesisCodec::readPutRecordsInput);
    }

    @Benchmark
    public boolean generatedDecodeAndValidate() {
        return KinesisValidator.validate(wireCodec.decode(body, wireFormat, KinesisCodec::readPutRecordsInput)).isEmpty();
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(KinesisCodecBench.class.getSimpleName()).build()).run();
    }
}
