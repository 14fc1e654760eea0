package io.riffle.kinesis.protocol;

import io.riffle.aws.wire.OperationSpec;

/** An operation of the model ({@code KinesisOperations}) with what serves it, as {@link KinesisApi#register} takes it. */
public record Registration<I, O>(OperationSpec<I, O> spec, Operation<I, O> operation) {

    public static <I, O> Registration<I, O> of(OperationSpec<I, O> spec, Operation<I, O> operation) {
        return new Registration<>(spec, operation);
    }

    public String name() {
        return spec.name();
    }
}
