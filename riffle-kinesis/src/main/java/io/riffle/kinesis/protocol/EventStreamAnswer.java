package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.aws.MessageSink;
import io.riffle.aws.MessageStream;
import io.riffle.aws.eventstream.EventStreamMessage;
import io.riffle.kinesis.protocol.ServiceModel.Member;
import io.riffle.kinesis.protocol.ServiceModel.Shape;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of a streamed answer: an {@code initial-response} event, then the {@link EventSource}'s
 * events, each an AWS event-stream message whose payload is encoded in the request's wire format
 * per the model's event shape (e.g. SubscribeToShardEvent); an error becomes an exception message.
 */
final class EventStreamAnswer implements MessageStream {
    /** The content type of an event-stream response body. */
    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

    private final EventSource source;
    private final ApiCodec codec;
    private final WireFormat format;
    private final String eventType;

    /**
     * @param outputShape the operation's output: a structure with one event-stream member, whose
     *     non-exception member names the event type and its shape
     */
    EventStreamAnswer(EventSource source, ApiCodec codec, WireFormat format, String outputShape) {
        this.source = source;
        this.codec = codec;
        this.format = format;
        this.eventType = eventTypeOf(codec.model(), outputShape);
    }

    static String eventTypeOf(ServiceModel model, String outputShape) {
        for (Member stream : model.shape(outputShape).members().values()) {
            Shape union = model.shape(stream.shape());
            if (union.isEventStream()) {
                for (Member event : union.members().values()) {
                    if (!model.shape(event.shape()).isException()) {
                        return event.name();
                    }
                }
            }
        }
        throw new IllegalArgumentException(outputShape + " has no event-stream member with an event");
    }

    @Override
    public void start(MessageSink sink) {
        // The initial response is the output without its stream: an empty object in the wire format.
        byte[] emptyObject = codec.encodeStructure(JsonNodeFactory.instance.objectNode(), eventType, format);
        sink.send(EventStreamMessage.initialResponse(format.contentType(), emptyObject).encode());
        source.start(new Events(sink));
    }

    @Override
    public void cancel() {
        source.cancel();
    }

    /** Encodes each event into the message sink. */
    private final class Events implements EventSink {
        private final MessageSink sink;
        private final AtomicBoolean isEnded = new AtomicBoolean();

        Events(MessageSink sink) {
            this.sink = sink;
        }

        @Override
        public boolean isWritable() {
            return sink.isWritable();
        }

        @Override
        public void whenWritable(Runnable task) {
            sink.whenWritable(task);
        }

        @Override
        public void event(ObjectNode event) {
            if (!isEnded.get()) {
                sink.send(EventStreamMessage.event(eventType, format.contentType(),
                        codec.encodeStructure(event, eventType, format)).encode());
            }
        }

        @Override
        public void fail(KinesisException error) {
            if (isEnded.compareAndSet(false, true)) {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                if (error.getMessage() != null) {
                    body.put("message", error.getMessage());
                }
                // Every error member of Kinesis' event streams is a shape with one "message" member.
                String shape = codec.model().shapes().containsKey(error.type()) ? error.type() : "InternalFailureException";
                sink.send(EventStreamMessage.exception(error.type(), format.contentType(),
                        codec.encodeStructure(body, shape, format)).encode());
                sink.end();
            }
        }

        @Override
        public void end() {
            if (isEnded.compareAndSet(false, true)) {
                sink.end();
            }
        }

        @Override
        public long bufferedBytes() {
            return sink.bufferedBytes();
        }
    }
}
