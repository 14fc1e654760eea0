package io.riffle.aws.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.Caller;
import io.riffle.aws.CredentialScope;
import io.riffle.aws.ErrorAnswers;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.RequestOrigin;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;

/**
 * Turns the front door's exchanges into {@link AuditEvent}s: {@link #begin} reads what it needs
 * from the request before the service runs (its body is released afterwards), {@link Pending#finish}
 * adds the outcome from the answer and writes the event: management and denied events durably (the
 * answer waits for them), data events ({@link AwsService#isDataEvent}) only when they are on, through
 * the bounded queue. Thread-safe.
 */
public final class AuditRecorder {
    /** Bodies larger than this are not read for parameters (management calls' bodies are small). */
    static final int MAX_PARAMETER_BODY_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private final AuditLog log;
    private final String defaultRegion;
    private final String accountId;
    private final boolean isAuditingDataEvents;

    public AuditRecorder(AuditLog log, String defaultRegion, String accountId, boolean isAuditingDataEvents) {
        this.log = Objects.requireNonNull(log, "log");
        this.defaultRegion = Objects.requireNonNull(defaultRegion, "defaultRegion");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.isAuditingDataEvents = isAuditingDataEvents;
    }

    /** What an exchange's event needs from its request, taken before the service runs. */
    public final class Pending {
        private final Instant time = Instant.now();
        private final AwsService service;
        private final AwsRequest request;
        private final String operation;
        private final boolean isDataEvent;
        private final Map<String, Object> parameters;
        private final String sourceIp;
        private final SSLSession tls;

        private Pending(AwsService service, AwsRequest request, Channel channel) {
            this.service = service;
            this.request = request;
            this.operation = operationOf(request);
            this.isDataEvent = service.isDataEvent(operation);
            this.parameters = isDataEvent ? null : parametersOf(request);
            this.sourceIp = Objects.requireNonNullElse(RequestOrigin.of(channel).sourceIp(), "");
            SslHandler ssl = RequestOrigin.tlsOf(channel);
            this.tls = ssl == null ? null : ssl.engine().getSession();
        }

        /** Records the exchange's event; the answer goes out when the future completes. */
        public CompletableFuture<Void> finish(AwsAnswer answer) {
            String[] error = ErrorAnswers.errorOf(answer);
            Caller caller = request.caller();
            String accessKeyId = caller != null && caller.hasAccessKey() ? caller.accessKeyId()
                    : CredentialScope.of(request).map(CredentialScope::accessKeyId).orElse("");
            AuditEvent event = new AuditEvent(time, service.name() + ".amazonaws.com", operation,
                    CredentialScope.of(request).map(CredentialScope::region).orElse(defaultRegion),
                    caller != null ? caller.accountId() : accountId, caller, accessKeyId, sourceIp,
                    Objects.requireNonNullElse(request.header("User-Agent"), ""), parameters, error[0], error[1],
                    request.requestId(), isReadOnly(operation), isDataEvent,
                    tls == null ? null : tls.getProtocol(), tls == null ? null : tls.getCipherSuite(),
                    Objects.requireNonNullElse(request.header("Host"), ""));
            if (isDataEvent && !event.isDenied()) {
                if (isAuditingDataEvents) {
                    log.offer(event);
                }
                return CompletableFuture.completedFuture(null);
            }
            return log.writeDurably(event);
        }
    }

    /** Takes what the event of {@code request}, routed to {@code service} over {@code channel}, needs. */
    public Pending begin(AwsService service, AwsRequest request, Channel channel) {
        return new Pending(service, request, channel);
    }

    /** The operation's name: the target's after its last dot, the query protocol's Action, else method and path. */
    static String operationOf(AwsRequest request) {
        String target = request.header(AwsRequest.TARGET_HEADER);
        if (target != null && target.indexOf('.') >= 0) {
            return target.substring(target.lastIndexOf('.') + 1).strip();
        }
        if (request.isForm() || request.queryParameter("Action") != null) {
            String action = FormEncoding.first(request.queryProtocolParameters(), "Action");
            if (action != null) {
                return action;
            }
        }
        return request.method() + " " + request.path();
    }

    static boolean isReadOnly(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get")
                || operation.startsWith("Subscribe");
    }

    /** The top-level scalar members of a JSON or CBOR body, or a form's parameters but the protocol's own; null when none. */
    static Map<String, Object> parametersOf(AwsRequest request) {
        ByteBuf body = request.body();
        if (body.readableBytes() > MAX_PARAMETER_BODY_BYTES) {
            return null;
        }
        String mediaType = request.mediaType();
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (request.isForm()) {
            for (Map.Entry<String, List<String>> entry : request.queryProtocolParameters().entrySet()) {
                String name = entry.getKey();
                if (!name.equals("Action") && !name.equals("Version") && !name.startsWith("X-Amz-")
                        && !entry.getValue().isEmpty()) {
                    parameters.put(name, entry.getValue().get(0));
                }
            }
            return parameters.isEmpty() ? null : parameters;
        }
        boolean isCbor = mediaType.contains("cbor");
        if (!isCbor && !mediaType.contains("json") || body.readableBytes() == 0) {
            return null;
        }
        byte[] bytes = ByteBufUtil.getBytes(body, body.readerIndex(), body.readableBytes(), false);
        try (JsonParser parser = (isCbor ? CBOR : JSON).createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (value) {
                    case VALUE_STRING -> parameters.put(name, parser.getText());
                    case VALUE_NUMBER_INT -> parameters.put(name, parser.getLongValue());
                    case VALUE_NUMBER_FLOAT -> parameters.put(name, parser.getDoubleValue());
                    case VALUE_TRUE, VALUE_FALSE -> parameters.put(name, value == JsonToken.VALUE_TRUE);
                    case VALUE_NULL -> parameters.put(name, null);
                    default -> parser.skipChildren(); // lists, maps and byte strings (payloads) are left out
                }
            }
        } catch (IOException | RuntimeException e) {
            return null; // the service answers what is wrong with it
        }
        return parameters.isEmpty() ? null : parameters;
    }
}
