package io.riffle.storage;

import java.nio.ByteBuffer;
import java.util.List;

/** A {@link RecordCursor} over records that are objects already (in-memory logs, tests). */
final class StoredRecordCursor implements RecordCursor {
    private final List<StoredRecord> records;
    private int index = -1;
    private StoredRecord current;

    StoredRecordCursor(List<StoredRecord> records) {
        this.records = records;
    }

    @Override
    public boolean next() {
        if (index + 1 >= records.size()) {
            index = records.size();
            current = null;
            return false;
        }
        current = records.get(++index);
        return true;
    }

    @Override
    public long position() {
        return current.position();
    }

    @Override
    public long arrivalTimestampMs() {
        return current.arrivalTimestampMs();
    }

    @Override
    public int writerEpoch() {
        return current.writerEpoch();
    }

    @Override
    public ByteBuffer keyBuffer() {
        return current.key();
    }

    @Override
    public int keyOffset() {
        return current.key().position();
    }

    @Override
    public int keyLength() {
        return current.key().remaining();
    }

    @Override
    public ByteBuffer dataBuffer() {
        return current.data();
    }

    @Override
    public int dataOffset() {
        return current.data().position();
    }

    @Override
    public int dataLength() {
        return current.data().remaining();
    }

    @Override
    public RecordAttributes attributes() {
        return current.attributes();
    }

    @Override
    public StoredRecord record() {
        return current;
    }
}
