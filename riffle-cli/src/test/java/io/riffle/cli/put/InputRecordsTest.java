package io.riffle.cli.put;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.cli.client.UsageException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

class InputRecordsTest {

    private static final Supplier<String> DEFAULT_KEY = () -> "default";

    private static List<String> shown(Iterator<PutRecordsRequestEntry> records) {
        List<String> shown = new ArrayList<>();
        records.forEachRemaining(e -> shown.add(e.partitionKey() + "=" + e.data().asUtf8String()));
        return shown;
    }

    @Test
    void linesAreRecordsAndEmptyLinesAreSkipped() {
        assertThat(shown(InputRecords.lines(new StringReader("a\n\nb c\r\nlast"), null, DEFAULT_KEY)))
                .containsExactly("default=a", "default=b c", "default=last");
    }

    @Test
    void aKeySeparatorSplitsKeyFromData() {
        assertThat(shown(InputRecords.lines(new StringReader("k1:v1\nno separator\n:empty key\nk2:a:b"), ":", DEFAULT_KEY)))
                .containsExactly("k1=v1", "default=no separator", "default=empty key", "k2=a:b");
    }

    @Test
    void jsonDocumentsOnePerLineOrConcatenatedAreSentCompact() {
        String input = "{\"id\": 1, \"user\": \"ann\"}\n{\"id\": 2,\n \"user\": \"bob\"} {\"id\":3}\n";

        assertThat(shown(InputRecords.json(new StringReader(input), "user", DEFAULT_KEY)))
                .containsExactly("ann={\"id\":1,\"user\":\"ann\"}", "bob={\"id\":2,\"user\":\"bob\"}", "default={\"id\":3}");
    }

    @Test
    void aTopLevelArrayIsUnwrapped() {
        assertThat(shown(InputRecords.json(new StringReader("[{\"k\":7}, [1,2], \"s\"]"), "k", DEFAULT_KEY)))
                .containsExactly("7={\"k\":7}", "default=[1,2]", "default=\"s\"");
    }

    @Test
    void brokenJsonIsAUsageErrorSayingWhere() {
        InputRecords records = InputRecords.json(new StringReader("{\"a\":1}\n{\"b\":"), null, DEFAULT_KEY);
        records.next();

        assertThatThrownBy(() -> {
            while (records.hasNext()) {
                records.next();
            }
        }).isInstanceOf(UsageException.class).hasMessageStartingWith("the input is not JSON:");
    }
}
