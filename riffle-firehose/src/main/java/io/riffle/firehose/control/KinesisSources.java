package io.riffle.firehose.control;

import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.firehose.model.FirehoseCodec;
import io.riffle.firehose.model.KinesisStreamSourceConfiguration;
import io.riffle.firehose.model.KinesisStreamSourceDescription;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The stored form of a KinesisStreamAsSource delivery stream's source: the KinesisStreamSourceConfiguration
 * as the generated codec writes it in JSON, and its description (DeliveryStartTimestamp is the creation: the
 * stream is read from LATEST as it was then).
 */
public final class KinesisSources {
    private static final WireCodec CODEC = WireCodec.standard();

    private KinesisSources() {
    }

    public static String toJson(KinesisStreamSourceConfiguration c) {
        return new String(CODEC.encode(WireFormat.JSON, c, FirehoseCodec::writeKinesisStreamSourceConfiguration),
                StandardCharsets.UTF_8);
    }

    public static KinesisStreamSourceConfiguration fromJson(String json) {
        return CODEC.decode(json.getBytes(StandardCharsets.UTF_8), WireFormat.JSON,
                FirehoseCodec::readKinesisStreamSourceConfiguration);
    }

    public static KinesisStreamSourceDescription describe(DeliveryStream s) {
        KinesisStreamSourceConfiguration c = fromJson(s.source());
        return new KinesisStreamSourceDescription(c.kinesisStreamARN(), c.roleARN(), Instant.ofEpochMilli(s.createdMs()));
    }
}
