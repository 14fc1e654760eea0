package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.Operation;
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
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final int DEFAULT_MAX_RESULTS = 100;
    private static final String TOKEN_KIND = "consumers";

    private final ControlPlane control;
    private final KinesisSettings settings;

    public ConsumerOperations(ControlPlane control) {
        this.control = control;
        this.settings = control.settings();
    }

    /** Every operation this class serves, by name. */
    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new TreeMap<>();
        ops.put("RegisterStreamConsumer", this::register);
        ops.put("DescribeStreamConsumer", Operation.immediate(this::describe));
        ops.put("ListStreamConsumers", Operation.immediate(this::list));
        ops.put("DeregisterStreamConsumer", this::deregister);
        return ops;
    }

    private CompletableFuture<ObjectNode> register(ObjectNode r) {
        String name = r.path("ConsumerName").asText();
        if (r.has("Tags")) {
            return CompletableFuture.failedFuture(KinesisError.NOT_IMPLEMENTED.exception(
                    "Tags on stream consumers are not supported by this version of Riffle yet; register the consumer "
                            + "without Tags."));
        }
        return control.submit(() -> {
            StreamRegistry registry = control.registry();
            StreamInfo s = control.resolve(r);
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
            long createdAtMs = registry.consumerCreationMs(s.name(), name, control.nowMs());
            String arn = new ConsumerArn(s.name(), name, createdAtMs / 1000).format(settings.region(),
                    settings.accountId());
            ConsumerInfo created = new ConsumerInfo(name, arn, s.incarnation(), s.name(),
                    ConsumerInfo.ConsumerStatus.CREATING, createdAtMs);
            ObjectNode out = JSON.objectNode();
            out.set("Consumer", consumerJson(created));
            return ControlPlane.Change.of(out, StreamRegistry.consumerEvent(s, name, arn, createdAtMs));
        });
    }

    private ObjectNode describe(ObjectNode r) {
        ConsumerInfo c = resolveConsumer(r);
        ObjectNode out = JSON.objectNode();
        out.set("ConsumerDescription", consumerJson(c).put("StreamARN", settings.streamArn(c.streamName())));
        return out;
    }

    private ObjectNode list(ObjectNode r) {
        StreamInfo s = control.resolve(r);
        String after = null;
        if (r.hasNonNull("NextToken")) {
            if (r.hasNonNull("StreamCreationTimestamp")) {
                throw KinesisError.INVALID_ARGUMENT.exception(
                        "StreamCreationTimestamp cannot be provided together with NextToken.");
            }
            String continued = ListTokens.decode(r.path("NextToken").asText(), TOKEN_KIND, control.nowMs());
            int newline = continued.indexOf('\n');
            if (newline < 0 || !continued.substring(0, newline).equals(Long.toString(s.incarnation()))) {
                throw KinesisError.INVALID_ARGUMENT.exception("Invalid NextToken.");
            }
            after = continued.substring(newline + 1);
        }
        control.checkCreationTimestamp(s, r);
        int max = Math.min(r.path("MaxResults").asInt(DEFAULT_MAX_RESULTS), DEFAULT_MAX_RESULTS);
        ObjectNode out = JSON.objectNode();
        ArrayNode page = out.putArray("Consumers");
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
            page.add(consumerJson(c));
            last = c.name();
        }
        if (more) {
            out.put("NextToken", ListTokens.encode(s.incarnation() + "\n" + last, TOKEN_KIND, control.nowMs()));
        }
        return out;
    }

    private CompletableFuture<ObjectNode> deregister(ObjectNode r) {
        return control.submit(() -> {
            ConsumerInfo c = resolveConsumer(r);
            if (c.status() == ConsumerInfo.ConsumerStatus.DELETING) {
                return ControlPlane.Change.of(JSON.objectNode());
            }
            return ControlPlane.Change.of(JSON.objectNode(),
                    StreamRegistry.consumerStatusEvent(c, ConsumerInfo.ConsumerStatus.DELETING, control.nowMs()));
        });
    }

    /**
     * The consumer a request names: by ConsumerARN, or by StreamARN and ConsumerName; all three may
     * be given as long as they agree (as Kinesis allows).
     */
    private ConsumerInfo resolveConsumer(JsonNode r) {
        String consumerArn = r.path("ConsumerARN").asText(null);
        String name = r.path("ConsumerName").asText(null);
        String streamArn = r.path("StreamARN").asText(null);
        if (consumerArn != null) {
            ConsumerArn parts = ConsumerArn.parse(consumerArn, settings.region(), settings.accountId());
            if (parts == null) {
                throw KinesisErrors.invalidConsumerArn(consumerArn, settings.region(), settings.accountId());
            }
            if (streamArn != null && !parts.streamName().equals(control.streamNameIn(r))
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
        StreamInfo s = control.resolve(r);
        return control.registry().consumer(s.incarnation(), name)
                .orElseThrow(() -> consumerNotFound(name, s.name()));
    }

    private KinesisException consumerNotFound(String consumer, String stream) {
        return KinesisErrors.consumerNotFound(consumer, stream, settings.accountId());
    }

    /** A consumer as RegisterStreamConsumer and ListStreamConsumers show it (the Consumer shape). */
    private static ObjectNode consumerJson(ConsumerInfo c) {
        return JSON.objectNode().put("ConsumerName", c.name()).put("ConsumerARN", c.arn())
                .put("ConsumerStatus", c.status().name()).put("ConsumerCreationTimestamp", c.createdAtMs());
    }

    /** Consumers that keep DeleteStream from deleting a stream unless EnforceConsumerDeletion is true. */
    static List<ConsumerInfo> blockingDeletion(StreamRegistry registry, StreamInfo s) {
        return registry.consumers(s.incarnation()).stream()
                .filter(c -> c.status() != ConsumerInfo.ConsumerStatus.DELETING).toList();
    }
}
