/**
 * Internal: the embedded storage engine (journal, commit thread, owner threads, segments,
 * checkpoints, recovery). Nothing outside riffle-storage may use this package: the public API is
 * {@code io.riffle.storage} ({@link io.riffle.storage.LogStore}, {@link io.riffle.storage.ShardLog}
 * and their value types). {@code StorageApiBoundaryTest} in riffle-server checks it.
 */
package io.riffle.storage.engine;
