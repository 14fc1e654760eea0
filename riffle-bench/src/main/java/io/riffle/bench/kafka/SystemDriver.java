package io.riffle.bench.kafka;

import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.ProducerTask;
import io.riffle.bench.common.ReaderTask;
import io.riffle.bench.common.RecordLedger;
import java.io.IOException;
import java.util.List;

/**
 * One system {@link KafkaComparison} measures, running as a child process: how to create a
 * stream (a Kinesis stream, a Kafka topic) and the producer and reader tasks that load it, each
 * with its own client. The comparison runs the same workloads through every driver.
 *
 * <p>Used by the main thread; the tasks run on their own threads.
 */
public interface SystemDriver extends AutoCloseable {
    /** "Riffle" or "Kafka". */
    String name();

    /** Version, process and settings, for the report. */
    String describe();

    /** The server's process id, to read its CPU time and memory. */
    long serverPid();

    /** Creates a stream (or topic) of {@code shards} shards (or partitions) and waits until it takes writes. */
    void createStream(String stream, int shards) throws Exception;

    /**
     * Producer tasks for {@code stream}: {@code count} of them, each with its own client.
     *
     * @param intervalNanos 0: each sends as fast as its client takes records, in batches like one
     *                      PutRecords; otherwise each sends one record every {@code intervalNanos},
     *                      unbatched (the latency workload)
     */
    List<ProducerTask> producers(String stream, int recordBytes, int count, long intervalNanos, LoadPhase phase,
                                 RecordLedger ledger, long seed) throws Exception;

    /**
     * Reader tasks that read all of {@code stream} from its start, {@code count} of them sharing its
     * shards (or partitions) round-robin, each with its own client.
     *
     * @param isLatency true for the latency workload, where readers wait for new records as this
     *                  system's readers are configured to (GetRecords polling, Kafka's fetch wait)
     */
    List<ReaderTask> readers(String stream, int count, boolean isLatency, LoadPhase phase, RecordLedger ledger)
            throws Exception;

    /** Closes the clients of the tasks made so far (once their threads have ended). */
    void closeClients();

    /** Whether the server is still running. */
    boolean isAlive();

    /** Stops the server; its exit code. */
    int stop();

    /** The end of the server's log, when something failed. */
    String logTail(int lines);

    /** Closes the clients and the server (narrowed from AutoCloseable's Exception: no InterruptedException). */
    @Override
    void close() throws IOException;
}
