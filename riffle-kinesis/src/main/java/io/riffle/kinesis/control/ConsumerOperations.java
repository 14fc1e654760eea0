package io.riffle.kinesis.control;

import io.riffle.kinesis.api.Consumer;
import io.riffle.kinesis.api.ConsumerDescription;
import io.riffle.kinesis.api.DeregisterStreamConsumerInput;
import io.riffle.kinesis.api.DescribeStreamConsumerInput;
import io.riffle.kinesis.api.DescribeStreamConsumerOutput;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.ListStreamConsumersInput;
import io.riffle.kinesis.api.ListStreamConsumersOutput;
import io.riffle.kinesis.api.RegisterStreamConsumerInput;
import io.riffle.kinesis.api.RegisterStreamConsumerOutput;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.kinesis.protocol.Registration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The stream consumer registry of enhanced fan-out: RegisterStreamConsumer, DescribeStreamConsumer,
 * ListStreamConsumers, DeregisterStreamConsumer. Registering and deregistering are changes (through
 * {@link ControlPlane#submit}, as consumer events in the metadata log); describing and listing read
 * the registry. A consumer is CREATING, then ACTIVE after the stream-create delay; deregistered, it
 * is DELETING, then gone after the stream-delete delay (the control plane's timed transitions).
 *
 * <p>Choices where Kinesis' documentation says nothing: registering needs the stream ACTIVE or
 * UPDATING (as other stream changes do here); a name stays taken while its consumer is DELETING;
 * listing is by consumer name and shows consumers in every status.
 */
public final class ConsumerOperations {
    static final int DEFAULT_MAX_RESULTS = 100;
    private static final String TOKEN_KIND = "consumers";

    private final ControlPlane control;
    private final KinesisSettings settings;

    public ConsumerOperations(ControlPlane control) {
        this.control = control;
        this.settings = control.settings();
    }

    /** Every operation this class serves. */
    public List<Registration<?, ?>> operations() {
        return List.of(
                Registration.of(KinesisOperations.REGISTER_STREAM_CONSUMER, this::register),
                Registration.of(KinesisOperations.DESCRIBE_STREAM_CONSUMER, Operation.immediate(this::describe)),
                Registration.of(KinesisOperations.LIST_STREAM_CONSUMERS, Operation.immediate(this::list)),
                Registration.of(KinesisOperations.DEREGISTER_STREAM_CONSUMER, this::deregister));
    }

    private CompletableFuture<RegisterStreamConsumerOutput> register(RegisterStreamConsumerInput r) {
        String name = r.consumerName();
        Map<String, String> tags = r.tags() == null ? Map.of() : new TreeMap<>(r.tags());
        return control.submit(() -> {
            StreamRegistry registry = control.registry();
            StreamInfo s = control.resolve(null, r.streamARN());
            ResourceTagOperations.checkConsumerTags(tags, s.name(), name, settings);
            if (!s.isServing()) {
                throw control.notActive(s, "ACTIVE or UPDATING");
            }
            if (registry.consumer(s.incarnation(), name).isPresent()) {
                throw KinesisErrors.consumerExists(name, s.name(), settings.accountId());
            }
            int registered = registry.consumers(s.incarnation()).size();
            if (registered >= settings.maxConsumersPerStream()) {
                throw KinesisErrors.consumerLimit(s.name(), settings.accountId(), registered,
                        settings.maxConsumersPerStream());
            }
            long creating = registry.creatingConsumerCount();
            if (creating >= settings.maxCreatingConsumers()) {
                throw KinesisErrors.creatingConsumerLimit(settings.accountId(), settings.maxCreatingConsumers());
            }
            long createdAtMs = registry.consumerCreationMs(s.name(), name, control.nowMs());
            String arn = new ConsumerArn(s.name(), name, createdAtMs / 1000).format(settings.region(),
                    settings.accountId());
            ConsumerInfo created = new ConsumerInfo(name, arn, s.incarnation(), s.name(),
                    ConsumerInfo.ConsumerStatus.CREATING, createdAtMs);
            RegisterStreamConsumerOutput out = new RegisterStreamConsumerOutput(consumerOf(created));
            KinesisEvent event = StreamRegistry.consumerEvent(s, name, arn, createdAtMs);
            return tags.isEmpty() ? ControlPlane.Change.of(out, event) : ControlPlane.Change.of(out, event,
                    StreamRegistry.consumerTagsEvent(s.name(), s.incarnation(), arn, tags));
        });
    }

    private DescribeStreamConsumerOutput describe(DescribeStreamConsumerInput r) {
        ConsumerInfo c = resolveConsumer(r.consumerARN(), r.consumerName(), r.streamARN());
        return new DescribeStreamConsumerOutput(new ConsumerDescription(c.name(), c.arn(), c.status().name(),
                Instant.ofEpochMilli(c.createdAtMs()), settings.streamArn(c.streamName())));
    }

    private ListStreamConsumersOutput list(ListStreamConsumersInput r) {
        StreamInfo s = control.resolve(null, r.streamARN());
        String after = null;
        if (r.nextToken() != null) {
            if (r.streamCreationTimestamp() != null) {
                throw KinesisError.INVALID_ARGUMENT.exception(
                        "StreamCreationTimestamp cannot be provided together with NextToken.");
            }
            String continued = ListTokens.decode(r.nextToken(), TOKEN_KIND, control.nowMs());
            int newline = continued.indexOf('\n');
            if (newline < 0 || !continued.substring(0, newline).equals(Long.toString(s.incarnation()))) {
                throw KinesisError.INVALID_ARGUMENT.exception("Invalid NextToken.");
            }
            after = continued.substring(newline + 1);
        }
        control.checkCreationTimestamp(s, r.streamCreationTimestamp());
        int max = Math.min(r.maxResults() == null ? DEFAULT_MAX_RESULTS : r.maxResults(), DEFAULT_MAX_RESULTS);
        List<Consumer> page = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (ConsumerInfo c : control.registry().consumers(s.incarnation())) {
            if (after != null && c.name().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == max) {
                more = true;
                break;
            }
            page.add(consumerOf(c));
            last = c.name();
        }
        return new ListStreamConsumersOutput(page,
                more ? ListTokens.encode(s.incarnation() + "\n" + last, TOKEN_KIND, control.nowMs()) : null);
    }

    private CompletableFuture<Void> deregister(DeregisterStreamConsumerInput r) {
        return control.submit(() -> {
            ConsumerInfo c = resolveConsumer(r.consumerARN(), r.consumerName(), r.streamARN());
            if (c.status() == ConsumerInfo.ConsumerStatus.DELETING) {
                return ControlPlane.Change.<Void>of(null);
            }
            return ControlPlane.Change.<Void>of(null,
                    StreamRegistry.consumerStatusEvent(c, ConsumerInfo.ConsumerStatus.DELETING, control.nowMs()));
        });
    }

    /**
     * The consumer a request names: by ConsumerARN, or by StreamARN and ConsumerName; all three may
     * be given as long as they agree (as Kinesis allows).
     */
    private ConsumerInfo resolveConsumer(String consumerArn, String name, String streamArn) {
        if (consumerArn != null) {
            ConsumerArn parts = ConsumerArn.parse(consumerArn, settings.region(), settings.accountId());
            if (parts == null) {
                throw KinesisErrors.invalidConsumerArn(consumerArn, settings.region(), settings.accountId());
            }
            if (streamArn != null && !parts.streamName().equals(control.streamNameIn(null, streamArn))
                    || name != null && !name.equals(parts.consumerName())) {
                throw KinesisError.INVALID_ARGUMENT.exception("ConsumerARN " + consumerArn
                        + " does not name the same consumer as StreamARN and ConsumerName.");
            }
            return control.registry().consumerByArn(consumerArn)
                    .orElseThrow(() -> consumerNotFound(parts.consumerName(), parts.streamName()));
        }
        if (streamArn == null || name == null) {
            throw KinesisError.INVALID_ARGUMENT.exception(
                    "Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
        }
        StreamInfo s = control.resolve(null, streamArn);
        return control.registry().consumer(s.incarnation(), name)
                .orElseThrow(() -> consumerNotFound(name, s.name()));
    }

    private KinesisException consumerNotFound(String consumer, String stream) {
        return KinesisErrors.consumerNotFound(consumer, stream, settings.accountId());
    }

    /** A consumer as RegisterStreamConsumer and ListStreamConsumers show it (the Consumer shape). */
    private static Consumer consumerOf(ConsumerInfo c) {
        return new Consumer(c.name(), c.arn(), c.status().name(), Instant.ofEpochMilli(c.createdAtMs()));
    }

    /** Consumers that keep DeleteStream from deleting a stream unless EnforceConsumerDeletion is true. */
    static List<ConsumerInfo> blockingDeletion(StreamRegistry registry, StreamInfo s) {
        return registry.consumers(s.incarnation()).stream()
                .filter(c -> c.status() != ConsumerInfo.ConsumerStatus.DELETING).toList();
    }
}
