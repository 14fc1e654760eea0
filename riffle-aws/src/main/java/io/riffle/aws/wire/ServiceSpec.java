package io.riffle.aws.wire;

import java.util.List;
import java.util.Optional;

/**
 * A service as its model's metadata describes it (generated as {@code <Service>Operations.SERVICE}):
 * protocol ({@code json}, {@code query}, {@code rest-json}, ...), the {@code X-Amz-Target} prefix and JSON
 * version of the JSON protocols, the API version (the query form's {@code Version}), the SigV4 signing name,
 * and its operations by name.
 */
public record ServiceSpec(String serviceId, String protocol, String targetPrefix, String jsonVersion,
                          String apiVersion, String signingName, List<OperationSpec<?, ?>> operations) {
    public ServiceSpec {
        operations = List.copyOf(operations);
    }

    public Optional<OperationSpec<?, ?>> operation(String name) {
        for (OperationSpec<?, ?> op : operations) {
            if (op.name().equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
