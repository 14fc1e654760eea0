package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.riffle.aws.MessageSink;
import io.riffle.aws.MessageStream;
import io.riffle.aws.eventstream.EventStreamMessage;
import io.riffle.aws.wire.WireCodec;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of a streamed answer: an {@code initial-response} event, then the {@link EventSource}'s
 * events, each an AWS event-stream message whose payload is the event written by itself in the request's wire
 * format (SubscribeToShardEvent: its records straight from storage's views) into the message's one buffer;
 * an error becomes an exception message whose payload is {@code {"message": ...}} (every error member of
 * Kinesis' event streams has that one member).
 */
final class EventStreamAnswer<E extends EncodedResponse> implements MessageStream {
    /** The content type of an event-stream response body. */
    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

    private final EventSource<E> source;
    private final WireCodec codec;
    private final WireFormat format;
    private final String contentType;
    /** The headers section every event message of this stream carries. */
    private final byte[] eventHeaders;
    private final Framing framing;

    /** What an event's frame depends on besides the event. */
    private record Framing(WireFormat format, String eventType) {
    }

    EventStreamAnswer(EventSource<E> source, WireCodec codec, WireFormat format, String eventType) {
        this.source = source;
        this.codec = codec;
        this.format = format;
        this.contentType = format.contentType();
        this.eventHeaders = EventStreamMessage.headersSection(
                EventStreamMessage.event(eventType, contentType, new byte[0]).headers());
        this.framing = new Framing(format, eventType);
    }

    @Override
    public void start(MessageSink sink) {
        // The initial response is the output without its stream: an empty object in the wire format.
        byte[] emptyObject = codec.encode(format.wire(), null,
                (JsonGenerator g, Object none, io.riffle.aws.wire.WireFormat f) -> {
                    g.writeStartObject();
                    g.writeEndObject();
                });
        sink.send(EventStreamMessage.initialResponse(contentType, emptyObject).encode());
        source.start(new Events(sink));
    }

    @Override
    public void cancel() {
        source.cancel();
    }

    private static void writeError(JsonGenerator g, KinesisException error, io.riffle.aws.wire.WireFormat format)
            throws IOException {
        String message = error.getMessage();
        g.writeStartObject(error, message == null ? 0 : 1);
        if (message != null) {
            g.writeStringField("message", message);
        }
        g.writeEndObject();
    }

    /** Encodes each event into the message sink. */
    private final class Events implements EventSink<E> {
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
        public void event(E event) {
            if (isEnded.get()) {
                event.written();
                return;
            }
            send(frame(event));
        }

        @Override
        public ByteBuf frame(E event) {
            try {
                EncodedResponse.Body payload = event.body(format);
                return EventStreamMessage.frame(AnswerAllocator.INSTANCE, eventHeaders, payload.maxSizeBytes(),
                        payload::writeTo);
            } finally {
                event.written(); // framed into its own buffer: the records' storage views are done with
            }
        }

        @Override
        public Object framing() {
            return framing;
        }

        @Override
        public void send(ByteBuf frame) {
            sink.send(frame); // released by the sink once written, or at once when the stream has ended
        }

        @Override
        public void fail(KinesisException error) {
            if (isEnded.compareAndSet(false, true)) {
                sink.send(EventStreamMessage.exception(error.type(), contentType,
                        codec.encode(format.wire(), error, EventStreamAnswer::writeError)).encode());
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
