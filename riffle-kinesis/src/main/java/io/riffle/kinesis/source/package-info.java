/**
 * The public way other services read Kinesis streams (stream triggers, Firehose's Kinesis source): find a stream by
 * ARN and its shards, pick a starting position, read records in order, and be told when a shard gets records; {@code KplAggregate} unpacks the Kinesis Producer
 * Library's aggregated records. Depends on nothing else of the module; {@code data/LocalStreamSource} implements it over the control plane and storage.
 */
package io.riffle.kinesis.source;
