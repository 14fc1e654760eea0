/**
 * The pollers of enabled mappings: per mapping a {@link io.riffle.triggers.poll.MappingPoller} that follows the
 * stream's shards (parents read to their end before their children start), per shard a
 * {@link io.riffle.triggers.poll.ShardPoller} with one batch in flight. All their state is owned by one thread,
 * {@code riffle-triggers}; reads (the stream source's read pool), invocations (the invoker's threads) and
 * checkpoints (the metadata log's thread) complete elsewhere and hop back to it.
 */
package io.riffle.triggers.poll;
