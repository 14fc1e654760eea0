/**
 * The Kinesis model both planes share: streams and shards as the registry holds them
 * ({@link io.riffle.server.model.StreamInfo}, {@link io.riffle.server.model.ShardInfo}), hash-key
 * arithmetic ({@link io.riffle.server.model.HashKeys}), sequence numbers
 * ({@link io.riffle.server.model.SequenceNumber}) and the service's settings
 * ({@link io.riffle.server.model.KinesisSettings}). It depends on no other package of the server, so
 * control, data and metrics can all use it without depending on each other.
 */
package io.riffle.server.model;
