package io.riffle.firehose.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Firehose's error output: one JSON document per failed record, a line each. For a failed transform:
 * {@code {"attemptsMade", "arrivalTimestamp", "errorCode", "errorMessage", "attemptEndingTimestamp", "rawData",
 * "lambdaArn"}}, rawData the record's original bytes in base64.
 */
public final class ErrorRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorRecords() {
    }

    public static List<byte[]> processingFailed(List<RecordProcessor.Failed> failed, String lambdaArn) {
        List<byte[]> lines = new ArrayList<>(failed.size());
        for (RecordProcessor.Failed f : failed) {
            ObjectNode line = JSON.createObjectNode();
            line.put("attemptsMade", f.attemptsMade());
            line.put("arrivalTimestamp", f.record().arrivalMs());
            line.put("errorCode", f.errorCode());
            line.put("errorMessage", f.errorMessage());
            line.put("attemptEndingTimestamp", f.attemptEndingMs());
            line.put("rawData", Base64.getEncoder().encodeToString(f.record().data()));
            if (lambdaArn != null) {
                line.put("lambdaArn", lambdaArn);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                JSON.writeValue(out, line);
            } catch (IOException e) {
                throw new IllegalStateException("an error record could not be written", e);
            }
            out.write('\n');
            lines.add(out.toByteArray());
        }
        return lines;
    }
}
