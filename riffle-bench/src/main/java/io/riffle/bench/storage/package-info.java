/** The storage engine's benchmark and its parts (append cells, raw disk bandwidth, idle shard footprint). */
package io.riffle.bench.storage;
