/**
 * The Kinesis model both planes share: streams and shards as the registry holds them
 * ({@link io.riffle.kinesis.model.StreamInfo}, {@link io.riffle.kinesis.model.ShardInfo}), hash-key
 * arithmetic ({@link io.riffle.kinesis.model.HashKeys}), sequence numbers
 * ({@link io.riffle.kinesis.model.SequenceNumbers}: Kinesis' 56-digit layout and the 39-digit one before it)
 * and the service's settings
 * ({@link io.riffle.kinesis.model.KinesisSettings}). It depends on no other package of the server, so
 * control, data and metrics can all use it without depending on each other.
 */
package io.riffle.kinesis.model;
