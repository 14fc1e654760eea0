package io.riffle.firehose.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.firehose.model.ProcessingConfiguration;
import io.riffle.firehose.model.Processor;
import io.riffle.firehose.model.ProcessorParameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessingTest {

    private static Processor processor(String type, String... nameValues) {
        List<ProcessorParameter> parameters = new java.util.ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.add(new ProcessorParameter(nameValues[i], nameValues[i + 1]));
        }
        return new Processor(type, parameters);
    }

    private static Processing of(Processor... processors) {
        return Processing.of(new ProcessingConfiguration(true, List.of(processors)));
    }

    @Test
    void disabledOrAbsentIsNone() {
        assertThat(Processing.of(null).isNone()).isTrue();
        assertThat(Processing.of(new ProcessingConfiguration(false, List.of(processor("AppendDelimiterToRecord"))))
                .isNone()).isTrue();
    }

    @Test
    void lambdaTakesFirehosesDefaultsAndItsParameters() {
        assertThat(of(processor("Lambda", "LambdaArn", "arn:aws:lambda:us-east-1:1:function:f")))
                .isEqualTo(new Processing("arn:aws:lambda:us-east-1:1:function:f", 3, 1L << 20, false));
        assertThat(of(processor("AppendDelimiterToRecord"), processor("Lambda", "LambdaArn", "f",
                "NumberOfRetries", "0", "BufferSizeInMBs", "3")))
                .isEqualTo(new Processing("f", 0, 3L << 20, true));
    }

    @Test
    void badParametersAndUnbuiltProcessorsAreRefusedWithAMessage() {
        assertThatThrownBy(() -> of(processor("Lambda"))).hasMessage("LambdaArn is required for the Lambda processor.");
        assertThatThrownBy(() -> of(processor("Lambda", "LambdaArn", "f", "NumberOfRetries", "301")))
                .hasMessage("Processor parameter NumberOfRetries must be an integer from 0 to 300, not 301.");
        assertThatThrownBy(() -> of(processor("Lambda", "LambdaArn", "f", "BufferSizeInMBs", "x")))
                .hasMessageStartingWith("Processor parameter BufferSizeInMBs must be an integer");
        assertThatThrownBy(() -> of(processor("AppendDelimiterToRecord"), processor("AppendDelimiterToRecord")))
                .hasMessage("Processor type AppendDelimiterToRecord appears more than once.");
        assertThatThrownBy(() -> of(processor("MetadataExtraction")))
                .hasMessage("MetadataExtractionQuery is required for the MetadataExtraction processor.");
        assertThatThrownBy(() -> of(processor("MetadataExtraction", "MetadataExtractionQuery", "{a:.a}",
                "JsonParsingEngine", "JQ-1.5"))).hasMessage("JsonParsingEngine must be JQ-1.6, not JQ-1.5.");
        assertThatThrownBy(() -> of(processor("MetadataExtraction", "MetadataExtractionQuery", "{a:")))
                .hasMessageStartingWith("MetadataExtractionQuery is not a valid JQ-1.6 expression: ");
        assertThatThrownBy(() -> of(processor("RecordDeAggregation", "SubRecordType", "DELIMITED")))
                .hasMessage("Delimiter is required when SubRecordType is DELIMITED.");
        assertThatThrownBy(() -> of(processor("RecordDeAggregation", "SubRecordType", "CSV")))
                .hasMessage("SubRecordType must be JSON or DELIMITED, not CSV.");
        assertThatThrownBy(() -> of(processor("CloudWatchLogProcessing")))
                .hasMessage("Processor type CloudWatchLogProcessing is not supported by this version of Riffle yet:"
                        + " RecordDeAggregation, Lambda, MetadataExtraction and AppendDelimiterToRecord are.");
    }

    @Test
    void deAggregationAndMetadataExtractionTakeTheirParameters() {
        assertThat(of(processor("RecordDeAggregation", "SubRecordType", "DELIMITED", "Delimiter", "Iw=="),
                processor("MetadataExtraction", "MetadataExtractionQuery", "{c:.c}", "JsonParsingEngine", "JQ-1.6")))
                .isEqualTo(new Processing(null, 3, 1L << 20, false, "DELIMITED", "Iw==", "{c:.c}"));
        assertThat(of(processor("RecordDeAggregation")).subRecordType()).isEqualTo("JSON");
        assertThat(of(processor("RecordDeAggregation", "SubRecordType", "DELIMITED", "Delimiter", "Iw==")).delimiter())
                .containsExactly('#');
    }
}
