/**
 * The HTTP transport of the Kinesis-compatible server: one Netty server that speaks HTTP/1.1
 * (keep-alive, pipelining answered in order) and cleartext HTTP/2 (prior knowledge, or an
 * {@code Upgrade: h2c}) on the same port, and hands every API call to an
 * {@link io.riffle.kinesis.protocol.ApiDispatcher}.
 *
 * <p>Both protocols end in the same handler, {@link io.riffle.aws.http.ApiHandler}, which sees
 * one {@code FullHttpRequest} per call; see {@link io.riffle.aws.http.ConnectionSetup} for the
 * pipelines. Event loops only decode, route and encode: the dispatcher answers with a future.
 */
package io.riffle.aws.http;
