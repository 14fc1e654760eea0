package io.riffle.aws.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.riffle.aws.Caller;
import io.riffle.aws.SessionContext;
import io.riffle.aws.policy.AssumedRoles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * One API call as CloudTrail records it, written as one JSON line ({@link #toJsonLine}): who
 * ({@code userIdentity}), when, which service and operation, from where (source IP, user agent, TLS),
 * the outcome (errorCode/errorMessage) and the request's scalar parameters. Never a payload (records'
 * data) or a secret: parameters are only given for management events and only their scalar members.
 *
 * @param caller        who sent it, or null when it was refused before anyone was established
 * @param accessKeyId   the access key id the request named (also for a refused one), or empty
 * @param requestParameters the call's scalar parameters (management events), or null
 * @param errorCode     null when the call succeeded
 * @param tlsVersion    the connection's TLS protocol, or null for plaintext
 */
public record AuditEvent(Instant time, String eventSource, String eventName, String region, String accountId,
                         Caller caller, String accessKeyId, String sourceIp, String userAgent,
                         Map<String, Object> requestParameters, String errorCode, String errorMessage,
                         String requestId, boolean isReadOnly, boolean isDataEvent, String tlsVersion,
                         String cipherSuite, String host) {

    static final String EVENT_VERSION = "1.09";
    private static final JsonFactory JSON = new JsonFactory();

    /** Whether the call was refused for who sent it (an authentication failure, later an access denial). */
    public boolean isDenied() {
        return errorCode != null && (caller == null || errorCode.startsWith("AccessDenied"));
    }

    /** The event as one line of CloudTrail-shaped JSON, newline included. */
    public byte[] toJsonLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("eventVersion", EVENT_VERSION);
            g.writeObjectFieldStart("userIdentity");
            if (caller != null) {
                boolean isAssumedRole = AssumedRoles.roleArnOf(caller.arn()) != null;
                g.writeStringField("type", isAssumedRole ? "AssumedRole"
                        : caller.arn().endsWith(":root") ? "Root" : "IAMUser");
                g.writeStringField("principalId", caller.userId());
                g.writeStringField("arn", caller.arn());
                g.writeStringField("accountId", caller.accountId());
            } else {
                g.writeStringField("type", "Unknown");
            }
            if (!accessKeyId.isEmpty()) {
                g.writeStringField("accessKeyId", accessKeyId);
            }
            if (caller != null && caller.session() != null) {
                writeSessionContext(g, caller);
            }
            g.writeEndObject();
            g.writeStringField("eventTime", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            g.writeStringField("eventSource", eventSource);
            g.writeStringField("eventName", eventName);
            g.writeStringField("awsRegion", region);
            g.writeStringField("sourceIPAddress", sourceIp);
            g.writeStringField("userAgent", userAgent);
            if (errorCode != null) {
                g.writeStringField("errorCode", errorCode);
                if (errorMessage != null) {
                    g.writeStringField("errorMessage", errorMessage);
                }
            }
            g.writeFieldName("requestParameters");
            if (requestParameters == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                for (Map.Entry<String, Object> parameter : requestParameters.entrySet()) {
                    g.writeFieldName(parameter.getKey());
                    writeScalar(g, parameter.getValue());
                }
                g.writeEndObject();
            }
            g.writeNullField("responseElements");
            g.writeStringField("requestID", requestId);
            g.writeStringField("eventID", UUID.randomUUID().toString());
            g.writeBooleanField("readOnly", isReadOnly);
            g.writeStringField("eventType", "AwsApiCall");
            g.writeBooleanField("managementEvent", !isDataEvent);
            g.writeStringField("recipientAccountId", accountId);
            g.writeStringField("eventCategory", isDataEvent ? "Data" : "Management");
            if (tlsVersion != null) {
                g.writeObjectFieldStart("tlsDetails");
                g.writeStringField("tlsVersion", tlsVersion);
                g.writeStringField("cipherSuite", cipherSuite);
                g.writeStringField("clientProvidedHostHeader", host);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /**
     * CloudTrail's sessionContext for temporary credentials: the role the session was issued for
     * (sessionIssuer, AssumeRole sessions only) and when it was issued; Riffle has no MFA devices.
     */
    private static void writeSessionContext(JsonGenerator g, Caller caller) throws IOException {
        SessionContext session = caller.session();
        g.writeObjectFieldStart("sessionContext");
        String roleArn = AssumedRoles.roleArnOf(caller.arn());
        if (roleArn != null) {
            g.writeObjectFieldStart("sessionIssuer");
            g.writeStringField("type", "Role");
            int colon = caller.userId().indexOf(':');
            g.writeStringField("principalId", colon < 0 ? caller.userId() : caller.userId().substring(0, colon));
            g.writeStringField("arn", roleArn);
            g.writeStringField("accountId", caller.accountId());
            g.writeStringField("userName", roleArn.substring(roleArn.lastIndexOf('/') + 1));
            g.writeEndObject();
        }
        g.writeObjectFieldStart("attributes");
        g.writeStringField("creationDate", session.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
        g.writeStringField("mfaAuthenticated", "false");
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeScalar(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Boolean b -> g.writeBoolean(b);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Double d -> g.writeNumber(d);
            default -> g.writeString(value.toString());
        }
    }
}
