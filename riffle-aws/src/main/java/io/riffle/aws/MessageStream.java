package io.riffle.aws;

/**
 * A response body made of messages produced over time (an event stream). The HTTP layer writes
 * the response headers, then {@link #start starts} the stream with a sink on its connection.
 */
public interface MessageStream {

    /** Begins producing into {@code sink}. Called once, on the connection's event loop; must not block. */
    void start(MessageSink sink);

    /**
     * The client went away or the server is closing: stop producing. Later calls on the sink are
     * ignored. Any thread; may come before or after the stream ended by itself.
     */
    void cancel();
}
