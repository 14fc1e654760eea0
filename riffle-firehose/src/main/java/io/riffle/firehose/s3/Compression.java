package io.riffle.firehose.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An object's compression (CompressionFormat). Deterministic: the same records give the same bytes, so
 * an upload retried after a crash writes what the first attempt would have (GZIP's header carries no
 * time, the ZIP entry's time is fixed).
 */
public enum Compression {
    UNCOMPRESSED("UNCOMPRESSED", ""),
    GZIP("GZIP", ".gz"),
    ZIP("ZIP", ".zip");

    private final String wireName;
    private final String extension;

    Compression(String wireName, String extension) {
        this.wireName = wireName;
        this.extension = extension;
    }

    public String wireName() {
        return wireName;
    }

    public String extension() {
        return extension;
    }

    /** The compression of a CompressionFormat; empty for those not built yet (Snappy, HADOOP_SNAPPY). */
    public static java.util.Optional<Compression> fromWire(String format) {
        if (format == null) {
            return java.util.Optional.of(UNCOMPRESSED);
        }
        for (Compression c : values()) {
            if (c.wireName.equals(format)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }

    /** The object's bytes: the records' data one after another (Firehose adds no delimiter), compressed. */
    public byte[] encode(List<byte[]> records, String entryName) {
        int total = 0;
        for (byte[] r : records) {
            total += r.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(this == UNCOMPRESSED ? total : Math.max(64, total / 4));
        try {
            switch (this) {
                case UNCOMPRESSED -> {
                    for (byte[] r : records) {
                        out.write(r);
                    }
                }
                case GZIP -> {
                    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
                        for (byte[] r : records) {
                            gzip.write(r);
                        }
                    }
                }
                case ZIP -> {
                    try (ZipOutputStream zip = new ZipOutputStream(out)) {
                        ZipEntry entry = new ZipEntry(entryName);
                        entry.setTime(0L);
                        zip.putNextEntry(entry);
                        for (byte[] r : records) {
                            zip.write(r);
                        }
                        zip.closeEntry();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
