package io.riffle.kinesis.control;

/**
 * A stream consumer registered for enhanced fan-out, at one moment. Immutable, like
 * {@link StreamInfo}: every change makes a new one, so any thread reads a consistent consumer.
 *
 * <p>A consumer belongs to one stream incarnation: a stream deleted and created again under the
 * same name has none of the old consumers. Its ARN is unique over the store's life (see
 * {@link StreamRegistry#consumerCreationMs}).
 *
 * @param arn               {@code arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<name>:<seconds>}
 * @param streamIncarnation the incarnation of the stream it is registered with
 * @param createdAtMs       ConsumerCreationTimestamp; its epoch seconds end the ARN
 * @param statusSinceMs     when the current status began (CREATING and DELETING end after a delay)
 */
public record ConsumerInfo(String name, String arn, long streamIncarnation, String streamName, ConsumerStatus status,
                           long createdAtMs, long statusSinceMs) {

    public enum ConsumerStatus { CREATING, ACTIVE, DELETING }

    /** A consumer whose status began when it was created. */
    public ConsumerInfo(String name, String arn, long streamIncarnation, String streamName, ConsumerStatus status,
                        long createdAtMs) {
        this(name, arn, streamIncarnation, streamName, status, createdAtMs, createdAtMs);
    }

    public ConsumerInfo withStatus(ConsumerStatus s, long sinceMs) {
        return new ConsumerInfo(name, arn, streamIncarnation, streamName, s, createdAtMs, sinceMs);
    }

    /** Only an ACTIVE consumer may subscribe to shards, as in Kinesis. */
    public boolean isActive() {
        return status == ConsumerStatus.ACTIVE;
    }
}
