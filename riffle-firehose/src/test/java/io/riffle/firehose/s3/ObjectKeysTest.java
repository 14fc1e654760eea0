package io.riffle.firehose.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {
    private static final Instant OLDEST = Instant.parse("2026-12-04T07:05:09.123Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void aPrefixWithoutTimestampGetsTheHourFoldersAppended() {
        assertThat(ObjectKeys.prefix("", "Prefix", false, OLDEST, UTC, null, 1)).isEqualTo("2026/12/04/07/");
        assertThat(ObjectKeys.prefix("logs/", "Prefix", false, OLDEST, UTC, null, 1)).isEqualTo("logs/2026/12/04/07/");
        assertThat(ObjectKeys.prefix(null, "Prefix", false, OLDEST, UTC, null, 1)).isEqualTo("2026/12/04/07/");
    }

    @Test
    void timestampExpressionsUseJavaPatternsAndReplaceTheDefaultFolders() {
        assertThat(ObjectKeys.prefix("y=!{timestamp:yyyy}/m=!{timestamp:MM}/", "Prefix", false, OLDEST, UTC, null, 1))
                .isEqualTo("y=2026/m=12/");
    }

    @Test
    void customTimeZoneMovesTheHour() {
        ZoneId paris = ObjectKeys.zone("Europe/Paris");
        assertThat(ObjectKeys.prefix("", "Prefix", false, OLDEST, paris, null, 1)).isEqualTo("2026/12/04/08/");
        assertThat(ObjectKeys.fileName("s", 3, OLDEST, paris, "u", ".gz")).isEqualTo("s-3-2026-12-04-08-05-09-u.gz");
        assertThat(ObjectKeys.zone("")).isEqualTo(UTC);
        assertThatThrownBy(() -> ObjectKeys.zone("Mars/Olympus")).hasMessageContaining("Mars/Olympus");
    }

    @Test
    void fileNameIsStreamVersionTimeUuidExtension() {
        assertThat(ObjectKeys.fileName("orders", 1, OLDEST, UTC, "0f2d-u", ""))
                .isEqualTo("orders-1-2026-12-04-07-05-09-0f2d-u");
        assertThat(ObjectKeys.extension(null, Compression.GZIP)).isEqualTo(".gz");
        assertThat(ObjectKeys.extension("", Compression.ZIP)).isEqualTo(".zip");
        assertThat(ObjectKeys.extension(".json.gz", Compression.GZIP)).isEqualTo(".json.gz");
        assertThat(ObjectKeys.extension(null, Compression.UNCOMPRESSED)).isEmpty();
    }

    @Test
    void randomStringIsElevenCharactersAndTheSameForTheSameSeed() {
        String a = ObjectKeys.prefix("!{firehose:random-string}/", "Prefix", false, OLDEST, UTC, null, 42);
        String b = ObjectKeys.prefix("!{firehose:random-string}/", "Prefix", false, OLDEST, UTC, null, 42);
        String c = ObjectKeys.prefix("!{firehose:random-string}/", "Prefix", false, OLDEST, UTC, null, 43);
        assertThat(a).matches("[a-z0-9]{11}/2026/12/04/07/").isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void errorOutputTypeOnlyInTheErrorPrefix() {
        assertThat(ObjectKeys.prefix("err/!{firehose:error-output-type}/", "ErrorOutputPrefix", true, OLDEST, UTC,
                "processing-failed", 1)).isEqualTo("err/processing-failed/2026/12/04/07/");
        assertThatThrownBy(() -> ObjectKeys.parse("!{firehose:error-output-type}", "Prefix", false))
                .hasMessage("The expression !{firehose:error-output-type} is only allowed in ErrorOutputPrefix.");
    }

    @Test
    void malformedAndUnknownExpressionsAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.parse("a/!{timestamp:yyyy", "Prefix", false))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> ObjectKeys.parse("!{nope:x}", "Prefix", false))
                .hasMessageContaining("Unknown expression namespace 'nope'");
        assertThatThrownBy(() -> ObjectKeys.parse("!{firehose:uuid}", "Prefix", false))
                .hasMessageContaining("Unknown firehose expression");
        assertThatThrownBy(() -> ObjectKeys.parse("!{timestamp:yyyy'x}", "Prefix", false))
                .hasMessageContaining("Invalid timestamp format");
        assertThatThrownBy(() -> ObjectKeys.parse("!{partitionKeyFromQuery:}/", "Prefix", false))
                .hasMessage("The partitionKeyFromQuery expression in Prefix has no key name.");
        assertThatThrownBy(() -> ObjectKeys.parse("e/!{partitionKeyFromLambda:k}/", "ErrorOutputPrefix", true))
                .hasMessage("Dynamic Partitioning Namespaces cannot be part of ErrorOutputPrefix.");
    }

    @Test
    void partitionKeysAreEvaluatedFromTheRecordsKeys() {
        String prefix = "c=!{partitionKeyFromQuery:customer}/d=!{partitionKeyFromLambda:device}/!{timestamp:yyyy}/";
        assertThat(ObjectKeys.partitionKeys(prefix))
                .containsExactly("partitionKeyFromQuery:customer", "partitionKeyFromLambda:device");
        assertThat(ObjectKeys.prefix(prefix, "Prefix", false, OLDEST, UTC, null, 1, java.util.Map.of(
                "partitionKeyFromQuery:customer", "c1", "partitionKeyFromLambda:device", "phone")))
                .isEqualTo("c=c1/d=phone/2026/");
        assertThatThrownBy(() -> ObjectKeys.prefix(prefix, "Prefix", false, OLDEST, UTC, null, 1, java.util.Map.of(
                "partitionKeyFromQuery:customer", "c1"))).hasMessage("no value for !{partitionKeyFromLambda:device}");
    }
}
