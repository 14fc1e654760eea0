package io.riffle.kinesis.control;

import io.riffle.aws.policy.MalformedPolicyException;
import io.riffle.aws.policy.PolicyDocument;
import io.riffle.kinesis.api.GetResourcePolicyOutput;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.kinesis.protocol.Registration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy on a stream's or a consumer's ARN:
 * the policy (IAM JSON naming principals) is checked as IAM reads a resource policy and kept in the
 * registry's log ({@link KinesisEvent.ResourcePolicySet}); the access checks read it from the
 * registry ({@link StreamRegistry#resourcePolicy}). A resource without a policy answers {@code {}};
 * a deleted stream or consumer takes its policy with it.
 */
public final class ResourcePolicyOperations {

    private final ControlPlane control;
    private final KinesisSettings settings;

    public ResourcePolicyOperations(ControlPlane control, KinesisSettings settings) {
        this.control = control;
        this.settings = settings;
    }

    public List<Registration<?, ?>> operations() {
        return List.of(
                Registration.of(KinesisOperations.PUT_RESOURCE_POLICY, r -> Operation.guarded(
                        () -> set(r.resourceARN(), checked(r.policy())))),
                Registration.of(KinesisOperations.GET_RESOURCE_POLICY, Operation.immediate(r -> {
                    target(r.resourceARN());
                    return new GetResourcePolicyOutput(control.registry().resourcePolicy(r.resourceARN()).orElse("{}"));
                })),
                Registration.of(KinesisOperations.DELETE_RESOURCE_POLICY, r -> Operation.guarded(() -> {
                    target(r.resourceARN());
                    if (control.registry().resourcePolicy(r.resourceARN()).isEmpty()) {
                        throw KinesisError.RESOURCE_NOT_FOUND.exception("No resource policy found for resource ARN "
                                + r.resourceARN() + ".");
                    }
                    return set(r.resourceARN(), null);
                })));
    }

    private static String checked(String policy) {
        try {
            PolicyDocument.parse(policy, PolicyDocument.Kind.RESOURCE);
            return policy;
        } catch (MalformedPolicyException e) {
            throw KinesisError.INVALID_ARGUMENT.exception("Invalid resource policy: " + e.getMessage());
        }
    }

    private CompletableFuture<Void> set(String arn, String policy) {
        return control.submit(() -> {
            StreamInfo stream = target(arn);
            return ControlPlane.Change.<Void>of(null, new KinesisEvent.ResourcePolicySet(stream.name(),
                    stream.incarnation(), arn, policy));
        });
    }

    /** The stream the ARN names (itself, or a consumer of it), or Kinesis' errors. */
    private StreamInfo target(String arn) {
        Optional<ConsumerInfo> consumer = control.registry().consumerByArn(arn);
        String streamName = consumer.map(ConsumerInfo::streamName).orElseGet(() -> settings.streamNameOf(arn));
        if (streamName == null || consumer.isEmpty() && arn.indexOf('/', arn.indexOf(":stream/") + 8) >= 0) {
            throw KinesisError.RESOURCE_NOT_FOUND.exception("Resource " + arn + " not found.");
        }
        StreamInfo stream = control.registry().byName(streamName);
        if (stream == null || consumer.isPresent() && consumer.get().streamIncarnation() != stream.incarnation()) {
            throw KinesisError.RESOURCE_NOT_FOUND.exception("Resource " + arn + " not found.");
        }
        return stream;
    }
}
