package io.riffle.firehose.control;

import io.riffle.firehose.model.FirehoseCodec;
import io.riffle.firehose.model.KinesisStreamSourceConfiguration;
import io.riffle.firehose.model.KinesisStreamSourceDescription;
import java.time.Instant;

/**
 * The stored form of a KinesisStreamAsSource delivery stream's source: the KinesisStreamSourceConfiguration
 * as the generated codec writes it in JSON, and its description (DeliveryStartTimestamp is the creation: the
 * stream is read from LATEST as it was then).
 */
public final class KinesisSources {
    private KinesisSources() {
    }

    public static String toJson(KinesisStreamSourceConfiguration c) {
        return Destinations.json(c, FirehoseCodec::writeKinesisStreamSourceConfiguration);
    }

    public static KinesisStreamSourceConfiguration fromJson(String json) {
        return Destinations.parse(json, FirehoseCodec::readKinesisStreamSourceConfiguration);
    }

    /** The Kinesis stream a KinesisStreamAsSource delivery stream reads, else null. */
    public static String streamArn(DeliveryStream s) {
        return s.source() == null ? null : fromJson(s.source()).kinesisStreamARN();
    }

    public static KinesisStreamSourceDescription describe(DeliveryStream s) {
        KinesisStreamSourceConfiguration c = fromJson(s.source());
        return new KinesisStreamSourceDescription(c.kinesisStreamARN(), c.roleARN(), Instant.ofEpochMilli(s.createdMs()));
    }
}
