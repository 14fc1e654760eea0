package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.riffle.aws.wire.OperationSpec;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.aws.wire.WireReader;
import io.riffle.aws.wire.WireWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * For the in-process tests of the operations: calls a typed operation with a request written as a tree and
 * returns its response as a tree, through the generated codec in CBOR (so the tree keeps the conventions the
 * tests were written in: blobs as binary nodes, timestamps as epoch milliseconds). No validation, as when the
 * tests called the operations directly; what the operation throws or fails with comes back as its failure.
 */
public final class TreeCalls {
    private static final WireCodec CODEC = WireCodec.standard();
    private static final CBORMapper CBOR = new CBORMapper();

    private TreeCalls() {
    }

    /** One operation over trees. */
    @FunctionalInterface
    public interface TreeOperation {
        CompletableFuture<ObjectNode> invoke(ObjectNode request);
    }

    /** The registrations' operations over trees, by name. */
    public static Map<String, TreeOperation> byName(List<? extends Registration<?, ?>> registrations) {
        Map<String, TreeOperation> ops = new HashMap<>();
        registrations.forEach(r -> ops.put(r.name(), of(r)));
        return ops;
    }

    public static <I, O> TreeOperation of(Registration<I, O> registration) {
        OperationSpec<I, O> spec = registration.spec();
        if (registration.encoding() != null) {
            return request -> Operation.guarded(() -> registration.encoding().invoke(read(request, spec.inputReader())))
                    .thenApply(TreeCalls::tree);
        }
        return request -> Operation.guarded(() -> registration.operation().invoke(read(request, spec.inputReader())))
                .thenApply(response -> spec.hasOutput()
                        ? tree(response, spec.outputWriter()) : JsonNodeFactory.instance.objectNode());
    }

    /** A tree in the wire conventions of CBOR read into a request record. */
    public static <T> T read(ObjectNode request, WireReader<T> reader) {
        try {
            return CODEC.decode(CBOR.writeValueAsBytes(request), WireFormat.CBOR, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A self-encoding response as a tree: what it writes in CBOR, read back. */
    public static ObjectNode tree(EncodedResponse response) {
        return tree(response.encode(io.riffle.kinesis.protocol.WireFormat.CBOR, UnpooledByteBufAllocator.DEFAULT));
    }

    /** A CBOR body as a tree; the buffer is released. */
    public static ObjectNode tree(ByteBuf body) {
        try {
            return (ObjectNode) CBOR.readTree(ByteBufUtil.getBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            body.release();
        }
    }

    /** A record as a tree: what the generated writer writes in CBOR, read back. */
    public static <T> ObjectNode tree(T value, WireWriter<T> writer) {
        try {
            JsonNode node = CBOR.readTree(CODEC.encode(WireFormat.CBOR, value, writer));
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
