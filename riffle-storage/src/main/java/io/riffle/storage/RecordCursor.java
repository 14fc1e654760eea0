package io.riffle.storage;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Walks the records of a {@link ReadResult} without an object per record: after each {@link #next()} it tells
 * where the current record's key and data lie (a read-only buffer and absolute offsets into it, which the caller
 * must not move), its position, arrival time and writer epoch. A reader that writes records out (an answer's
 * encoder) copies the bytes from there; one that keeps records asks for {@link #record()}. One thread; a fresh
 * cursor per walk.
 */
public interface RecordCursor {

    /** Moves to the next record (the first, on the first call); false when there is none. */
    boolean next();

    long position();

    long arrivalTimestampMs();

    int writerEpoch();

    /** The buffer holding the key's bytes at {@link #keyOffset()}: read it with absolute gets only. */
    ByteBuffer keyBuffer();

    int keyOffset();

    /** The key's length in bytes (its UTF-8 encoding as appended). */
    int keyLength();

    /** The buffer holding the data's bytes at {@link #dataOffset()}: read it with absolute gets only. */
    ByteBuffer dataBuffer();

    int dataOffset();

    int dataLength();

    /** The current record's attributes (a view, for the few readers that need them). */
    RecordAttributes attributes();

    /** The current record as an object of its own (views, not copies): for readers that keep records. */
    StoredRecord record();

    /** A cursor over {@code records}: storage's own lists walk their read buffers, any other list its elements. */
    static RecordCursor over(List<StoredRecord> records) {
        return records instanceof Source source ? source.cursor() : new StoredRecordCursor(records);
    }

    /** Key plus data bytes of {@code records} (what read budgets and throughput limits count). */
    static long payloadBytes(List<StoredRecord> records) {
        if (records instanceof Source source) {
            return source.payloadBytes(); // counted as the read found them
        }
        long bytes = 0;
        for (RecordCursor r = over(records); r.next(); ) {
            bytes += r.keyLength() + r.dataLength();
        }
        return bytes;
    }

    /** A list of records that can hand out cursors over its read buffers, from its first record. */
    interface Source {
        RecordCursor cursor();

        /** Key plus data bytes of every record. */
        long payloadBytes();
    }
}
