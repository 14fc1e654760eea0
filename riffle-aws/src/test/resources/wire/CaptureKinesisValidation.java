// Fills kinesis-validation-parity.json: for each case of kinesis-validation-cases.json, the message
// riffle-kinesis's RequestValidator (the tree path: ApiCodec + RequestValidator) gives, or null when it
// finds nothing. Run from the repository root after `./mvnw -o compile -pl riffle-kinesis -am`:
//   CP=riffle-kinesis/target/classes:riffle-aws/target/classes:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-*/2.18.3/*.jar ~/.m2/repository/com/fasterxml/jackson/dataformat/jackson-dataformat-cbor/2.18.3/*.jar | tr '\n' ':')
//   java -cp "$CP" riffle-aws/src/test/resources/wire/CaptureKinesisValidation.java riffle-aws/src/test/resources/wire
// Not compiled by the build (a resource): it documents where the expected messages come from.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.protocol.ApiCodec;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.RequestValidator;
import io.riffle.kinesis.protocol.ServiceModel;
import io.riffle.kinesis.protocol.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

public class CaptureKinesisValidation {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        ServiceModel model = ServiceModel.kinesis();
        ApiCodec codec = new ApiCodec(model);
        RequestValidator validator = new RequestValidator(model);
        ArrayNode out = mapper.createArrayNode();
        for (JsonNode c : mapper.readTree(dir.resolve("kinesis-validation-cases.json").toFile())) {
            String op = c.get("operation").asText();
            ObjectNode request = codec.decode(c.get("body").asText().getBytes(StandardCharsets.UTF_8), WireFormat.JSON, op);
            List<String> violations = validator.violations(request, model.operation(op).orElseThrow().inputShape());
            ObjectNode row = ((ObjectNode) c).deepCopy();
            row.put("message", violations.isEmpty() ? null
                    : violations.size() + " validation error" + (violations.size() == 1 ? "" : "s") + " detected: "
                    + String.join("; ", violations));
            out.add(row);
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("kinesis-validation-parity.json").toFile(), out);
    }
}
