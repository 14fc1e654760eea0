package io.riffle.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Objects;

/**
 * The IAM action ({@code dynamodb:GetItem}) and resource ARN a request needs, which the front door
 * checks with the server's authorizer before the service runs ({@link AwsService#accessNeeded}).
 */
public record AccessNeeded(String action, String resource) {

    private static final JsonFactory JSON = new JsonFactory();

    public AccessNeeded {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
    }

    /**
     * The text of a top-level member of a JSON request body ({@code TableName}), or null when the body
     * has none or is not a JSON object: the service answers such a body itself.
     */
    public static String jsonMember(AwsRequest request, String member) {
        byte[] body = request.bodyBytes();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(member) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The operation a JSON request names in its {@code X-Amz-Target} ({@code DynamoDB_20120810.GetItem}), or null. */
    public static String targetOperation(AwsRequest request) {
        String target = request.header(AwsRequest.TARGET_HEADER);
        int dot = target == null ? -1 : target.lastIndexOf('.');
        return dot < 0 ? null : target.substring(dot + 1).strip();
    }
}
