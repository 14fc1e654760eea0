package io.riffle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One record as a KCL worker ({@link KclWorker}) processed it, one line of its output file:
 * {@code shardId TAB partitionKey TAB data TAB sequenceNumber TAB processedAtMicros}. The time is
 * the machine's wall clock, which every worker JVM on it shares, so records processed by different
 * workers can be put in one order (parents before children, per key across a lease's move).
 */
record ProcessedRecord(String worker, String shardId, String partitionKey, String data, BigInteger sequenceNumber,
        long processedAtMicros) {

    private static final int FIELDS = 5;

    static String line(String shardId, String partitionKey, String data, String sequenceNumber) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        return shardId + "\t" + partitionKey + "\t" + data + "\t" + sequenceNumber + "\t" + micros + "\n";
    }

    /** The complete lines of a worker's output (a line being written is left out); none when it has no file yet. */
    static List<ProcessedRecord> read(String worker, Path output) {
        List<ProcessedRecord> records = new ArrayList<>();
        if (!Files.exists(output)) {
            return records;
        }
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
                String[] f = line.split("\t");
                if (f.length != FIELDS) {
                    throw new AssertionError("malformed line in " + output + ": " + line);
                }
                records.add(new ProcessedRecord(worker, f[0], f[1], f[2], new BigInteger(f[3]), Long.parseLong(f[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** {@code key/data} of each record: what the producer sent, whoever processed it how often. */
    static Set<String> distinct(List<ProcessedRecord> records) {
        return records.stream().map(r -> r.partitionKey() + "/" + r.data()).collect(Collectors.toSet());
    }

    /**
     * Each partition key's data (the producers' per-key counters) in the order first processed, over every worker, by
     * processing time: a record processed again (at least once delivery) does not count again.
     */
    static Map<String, List<Integer>> firstSeenByKey(List<ProcessedRecord> records) {
        Map<String, Set<Integer>> byKey = new LinkedHashMap<>();
        records.stream().sorted(Comparator.comparingLong(ProcessedRecord::processedAtMicros)).forEach(r -> byKey
                .computeIfAbsent(r.partitionKey(), k -> new LinkedHashSet<>()).add(Integer.parseInt(r.data())));
        Map<String, List<Integer>> ordered = new LinkedHashMap<>();
        byKey.forEach((key, data) -> ordered.put(key, new ArrayList<>(data)));
        return ordered;
    }
}
