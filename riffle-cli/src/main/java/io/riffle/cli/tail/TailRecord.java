package io.riffle.cli.tail;

import java.time.Instant;

/** One (user) record as {@code riffle tail} shows it; {@code subSequenceNumber} is set for KPL user records. */
public record TailRecord(String shardId, String sequenceNumber, Long subSequenceNumber, String partitionKey,
                         String explicitHashKey, Instant arrival, byte[] data) {}
