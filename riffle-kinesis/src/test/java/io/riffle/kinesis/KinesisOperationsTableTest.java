package io.riffle.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.kinesis.api.KinesisOperations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/kinesis-operations.md lists every operation of the Kinesis model with its state in Riffle:
 * this fails when the model (through the generated {@link KinesisOperations}) gains an operation the
 * table does not list, or the table lists one the model does not have, or a row says nothing.
 */
class KinesisOperationsTableTest {
    private static final Path TABLE = Path.of("..", "docs", "kinesis-operations.md");
    /** A table row: | Operation | State | Tested by |. */
    private static final Pattern ROW = Pattern.compile("^\\| ([A-Z][A-Za-z]+) \\| (.+?) \\| (.+?) \\|$");

    @Test
    void theTableListsEveryOperationOfTheModelOnceWithItsState() throws IOException {
        List<String> listed = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            Matcher row = ROW.matcher(line);
            if (row.matches() && !row.group(1).equals("Operation")) {
                listed.add(row.group(1));
                assertThat(row.group(2)).as("state of %s", row.group(1)).matches("(built|not built).*");
                assertThat(row.group(3).isBlank()).as("tests of %s", row.group(1)).isFalse();
            }
        }
        List<String> model = KinesisOperations.ALL.stream().map(op -> op.name()).sorted().toList();
        assertThat(listed).as("operations in %s", TABLE).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(model);
    }
}
