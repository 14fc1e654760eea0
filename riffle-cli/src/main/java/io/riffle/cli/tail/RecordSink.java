package io.riffle.cli.tail;

/** Where a stream reader hands records, on the reader's thread; {@code false} stops the reader. */
public interface RecordSink {
    boolean accept(TailRecord record) throws InterruptedException;
}
