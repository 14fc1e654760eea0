package io.riffle.aws.wire;

import java.util.List;

/**
 * One operation of a service model (generated in {@code <Service>Operations}): its name, HTTP binding,
 * input and output types with their readers and writers (both directions, so tests and clients can use
 * them too), and the errors the model lists. An operation without input or output has {@link Void} there
 * and null readers and writers.
 */
public record OperationSpec<I, O>(String name, String httpMethod, String requestUri,
                                  String inputShape, Class<I> inputType, WireReader<I> inputReader,
                                  WireWriter<I> inputWriter,
                                  String outputShape, Class<O> outputType, WireReader<O> outputReader,
                                  WireWriter<O> outputWriter,
                                  List<String> errors) {
    public OperationSpec {
        errors = List.copyOf(errors);
    }

    public boolean hasInput() {
        return inputShape != null;
    }

    public boolean hasOutput() {
        return outputShape != null;
    }
}
