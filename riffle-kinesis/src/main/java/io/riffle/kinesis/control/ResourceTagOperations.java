package io.riffle.kinesis.control;

import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.ListTagsForResourceInput;
import io.riffle.kinesis.api.ListTagsForResourceOutput;
import io.riffle.kinesis.api.Tag;
import io.riffle.kinesis.api.TagResourceInput;
import io.riffle.kinesis.api.UntagResourceInput;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.kinesis.protocol.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * TagResource, UntagResource and ListTagsForResource, by a stream's ARN or a consumer's
 * ({@code .../stream/<name>/consumer/<name>:<seconds>}). Stream tags are the stream's own (the same
 * as AddTagsToStream's, through {@link StreamOperations}); consumer tags (also given by
 * RegisterStreamConsumer's Tags) are kept by the registry per consumer ARN and go with the consumer.
 * Both pass {@link TagRules}' checks and the same limit of tags per resource.
 */
final class ResourceTagOperations {
    private final ControlPlane control;
    private final KinesisSettings settings;
    private final StreamOperations streams;

    ResourceTagOperations(ControlPlane control, StreamOperations streams) {
        this.control = control;
        this.settings = control.settings();
        this.streams = streams;
    }

    List<Registration<?, ?>> operations() {
        return List.of(
                Registration.of(KinesisOperations.TAG_RESOURCE, this::tag),
                Registration.of(KinesisOperations.UNTAG_RESOURCE, this::untag),
                Registration.of(KinesisOperations.LIST_TAGS_FOR_RESOURCE, Operation.immediate(this::list)));
    }

    /** Kinesis' tag checks for a consumer's tags, and the limit of tags per resource. */
    static void checkConsumerTags(Map<String, String> tags, String stream, String consumer, KinesisSettings settings) {
        TagRules.check(tags, stream, settings.accountId());
        if (tags.size() > settings.maxTagsPerStream()) {
            throw tooManyConsumerTags(consumer, stream, settings);
        }
    }

    private static RuntimeException tooManyConsumerTags(String consumer, String stream, KinesisSettings settings) {
        // Kinesis' stream wording (KinesisErrors.tooManyTags), said of the consumer: no text was recorded for it
        return KinesisError.INVALID_ARGUMENT.exception("Failed to add tags to consumer " + consumer + " of stream "
                + stream + " under account " + settings.accountId() + " because a given consumer cannot have more than "
                + settings.maxTagsPerStream() + " tags associated with it.");
    }

    private boolean isConsumerArn(String arn) {
        return arn != null && settings.streamNameOf(arn) != null && arn.contains("/consumer/");
    }

    private ConsumerInfo consumerOf(String arn) {
        if (ConsumerArn.parse(arn, settings.region(), settings.accountId()) == null) {
            throw KinesisErrors.invalidResourceArn(arn, settings.region(), settings.accountId());
        }
        return control.registry().consumerByArn(arn)
                .orElseThrow(() -> KinesisErrors.consumerArnNotFound(arn, settings.accountId()));
    }

    private CompletableFuture<Void> tag(TagResourceInput r) {
        if (!isConsumerArn(r.resourceARN())) {
            return Operation.guarded(() -> streams.addTags(streams.streamOfArn(r.resourceARN()), r.tags()));
        }
        Map<String, String> added = r.tags() == null ? Map.of() : new TreeMap<>(r.tags());
        return control.submit(() -> {
            ConsumerInfo c = consumerOf(r.resourceARN());
            Map<String, String> merged = new TreeMap<>(control.registry().consumerTags(c.arn()));
            merged.putAll(added);
            checkConsumerTags(merged, c.streamName(), c.name(), settings);
            return ControlPlane.Change.<Void>of(null, StreamRegistry.consumerTagsEvent(c.streamName(),
                    c.streamIncarnation(), c.arn(), merged));
        });
    }

    private CompletableFuture<Void> untag(UntagResourceInput r) {
        if (!isConsumerArn(r.resourceARN())) {
            return Operation.guarded(() -> streams.removeTags(streams.streamOfArn(r.resourceARN()), r.tagKeys()));
        }
        return control.submit(() -> {
            ConsumerInfo c = consumerOf(r.resourceARN());
            Map<String, String> left = new TreeMap<>(control.registry().consumerTags(c.arn()));
            if (r.tagKeys() != null) {
                r.tagKeys().forEach(left::remove);
            }
            return ControlPlane.Change.<Void>of(null, StreamRegistry.consumerTagsEvent(c.streamName(),
                    c.streamIncarnation(), c.arn(), left));
        });
    }

    private ListTagsForResourceOutput list(ListTagsForResourceInput r) {
        Map<String, String> tags;
        if (isConsumerArn(r.resourceARN())) {
            tags = control.registry().consumerTags(consumerOf(r.resourceARN()).arn());
        } else {
            StreamInfo s = streams.streamOfArn(r.resourceARN());
            tags = s.tags();
        }
        List<Tag> list = new ArrayList<>();
        new TreeMap<>(tags).forEach((k, v) -> list.add(new Tag(k, v)));
        return new ListTagsForResourceOutput(list);
    }
}
