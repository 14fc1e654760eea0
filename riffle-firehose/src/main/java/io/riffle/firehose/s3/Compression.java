package io.riffle.firehose.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyHadoopCompatibleOutputStream;

/**
 * An object's compression (CompressionFormat). Deterministic: the same records give the same bytes, so
 * an upload retried after a crash writes what the first attempt would have (GZIP's header carries no
 * time, the ZIP entry's time is fixed, Snappy's frames and checksums depend on the bytes only).
 *
 * <p>SNAPPY is the Snappy framing format (stream identifier chunk, then chunks of at most 64 KiB with a
 * masked CRC-32C each), the one Firehose writes; HADOOP_SNAPPY is Hadoop's SnappyCodec stream (blocks of
 * a 4-byte big-endian uncompressed length, then 4-byte big-endian compressed lengths and raw Snappy
 * blocks), which Hadoop, Hive and Spark read. The extensions are Firehose's: .snappy and .hsnappy.
 */
public enum Compression {
    UNCOMPRESSED("UNCOMPRESSED", ""),
    GZIP("GZIP", ".gz"),
    ZIP("ZIP", ".zip"),
    SNAPPY("Snappy", ".snappy"),
    HADOOP_SNAPPY("HADOOP_SNAPPY", ".hsnappy");

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

    /** The compression of a CompressionFormat; empty for a name the model does not have. */
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
                case SNAPPY -> {
                    try (SnappyFramedOutputStream snappy = new SnappyFramedOutputStream(out)) {
                        for (byte[] r : records) {
                            snappy.write(r);
                        }
                    }
                }
                case HADOOP_SNAPPY -> {
                    try (SnappyHadoopCompatibleOutputStream snappy = new SnappyHadoopCompatibleOutputStream(out)) {
                        for (byte[] r : records) {
                            snappy.write(r);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
