package io.riffle.kinesis.protocol;

import io.riffle.aws.wire.OperationSpec;

/**
 * An operation of the model ({@code KinesisOperations}) with what serves it, as {@link KinesisApi#register} takes
 * it: either an {@code operation} whose response record the generated writer encodes, or (GetRecords) an
 * {@code encoding} operation whose response writes itself ({@link EncodedResponse}); exactly one is set.
 */
public record Registration<I, O>(OperationSpec<I, O> spec, Operation<I, O> operation,
                                 Operation<I, EncodedResponse> encoding) {

    public Registration {
        if ((operation == null) == (encoding == null)) {
            throw new IllegalArgumentException(spec.name() + ": one of operation and encoding");
        }
    }

    public static <I, O> Registration<I, O> of(OperationSpec<I, O> spec, Operation<I, O> operation) {
        return new Registration<>(spec, operation, null);
    }

    /** An operation whose responses write themselves in the request's format (the spec's output shape). */
    public static <I, O> Registration<I, O> encoding(OperationSpec<I, O> spec, Operation<I, EncodedResponse> encoding) {
        return new Registration<>(spec, null, encoding);
    }

    public String name() {
        return spec.name();
    }
}
