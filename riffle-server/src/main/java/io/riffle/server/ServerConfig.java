package io.riffle.server;

import io.riffle.aws.CorsPolicy;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import io.riffle.storage.Durability;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every server setting, as one table: name, type, default, description. Adding a setting is one
 * {@link #define} line below (plus, if wanted, a typed accessor).
 *
 * <p>Sources, each overriding the one before: the built-in defaults; a config file (Java
 * properties, kebab-case keys such as {@code stream-create-delay-ms=0}) named by {@code --config}
 * or {@code RIFFLE_CONFIG}; environment variables ({@code RIFFLE_} + the name in upper snake case,
 * e.g. {@code RIFFLE_DATA_DIR}); command-line flags. An unknown key in the file or the flags and a
 * value that does not parse are {@link ConfigException}s that name the key, the source and what was
 * expected. Unknown {@code RIFFLE_*} environment variables are ignored: other tools use the prefix
 * (e.g. {@code RIFFLE_JAVA_OPTS}).
 *
 * <p>Immutable.
 */
public final class ServerConfig {

    /** The environment variable naming the config file when {@code --config} is not given. */
    public static final String CONFIG_FILE_ENV = "RIFFLE_CONFIG";

    // Declared before the settings: define() fills it during class initialisation, in order.
    private static final Map<String, Setting<?>> REGISTRY = new LinkedHashMap<>();

    private static final long CLOCK_OFFSET_LIMIT_MS = 10L * 366 * 24 * 3_600_000;
    public static final Setting<String> HOST = define("host", Type.text(), "127.0.0.1",
            "Address to listen on (0.0.0.0 for every interface).");
    public static final Setting<Integer> PORT = define("port", Type.integer(0, 65_535), 4567,
            "TCP port of the Kinesis API, HTTP/1.1 and HTTP/2 (0 picks a free port).");
    public static final Setting<Path> DATA_DIR = define("data-dir", Type.path(), Path.of("./riffle-data"),
            "Directory of the streams' data and metadata.");
    public static final Setting<String> REGION = define("region", Type.matching("[a-z0-9]+(-[a-z0-9]+)*",
            "a region name such as us-east-1"), "us-east-1", "Region named in stream ARNs.");
    public static final Setting<String> ACCOUNT_ID = define("account-id", Type.matching("\\d{12}", "12 digits"),
            "000000000000", "Account id named in stream ARNs.");
    public static final Setting<String> DURABILITY = define("durability", Type.oneOf(Arrays.stream(
            Durability.values()).map(Durability::configName).toList()), "fsync",
            "When a write is acknowledged: fsync (its bytes are on disk) or a weaker storage setting.");
    public static final Setting<Long> OWNER_QUEUE_MAX_BYTES = define("owner-queue-max-bytes",
            Type.longInteger(1, Long.MAX_VALUE), 32L * 1024 * 1024,
            "Bytes of writes a storage owner thread may have queued; beyond, writes are refused (503 ServiceUnavailable) and retried.");
    public static final Setting<Long> JOURNAL_QUEUE_MAX_BYTES = define("journal-queue-max-bytes",
            Type.longInteger(1, Long.MAX_VALUE), 64L * 1024 * 1024,
            "Bytes of writes waiting for the journal; beyond, writes are refused (503 ServiceUnavailable) and retried.");
    public static final Setting<Long> STREAM_CREATE_DELAY_MS = define("stream-create-delay-ms",
            Type.longInteger(0, Long.MAX_VALUE), 500L, "How long a new stream stays CREATING.");
    public static final Setting<Long> STREAM_DELETE_DELAY_MS = define("stream-delete-delay-ms",
            Type.longInteger(0, Long.MAX_VALUE), 500L, "How long a deleted stream stays DELETING.");
    public static final Setting<Long> RESHARD_DELAY_MS = define("reshard-delay-ms",
            Type.longInteger(0, Long.MAX_VALUE), 3_000L, "How long SplitShard, MergeShards and UpdateShardCount keep "
                    + "the stream UPDATING (the parents taking writes) before the children open, as Kinesis takes seconds.");
    public static final Setting<Long> DYNAMODB_TABLE_ACTIVATION_MS = define("dynamodb-table-activation-ms",
            Type.longInteger(0, Long.MAX_VALUE), 0L, "How long a new DynamoDB table or index stays CREATING (0: ACTIVE "
                    + "at once; the KCL sleeps 10 s per poll of a table that is not ACTIVE).");
    public static final Setting<Long> ITERATOR_TTL_MS = define("iterator-ttl-ms",
            Type.longInteger(1, Long.MAX_VALUE), 300_000L, "How long a shard iterator stays valid (Kinesis: 5 minutes).");
    public static final Setting<Long> CLOCK_OFFSET_MS = define("clock-offset-ms",
            Type.longInteger(-CLOCK_OFFSET_LIMIT_MS, CLOCK_OFFSET_LIMIT_MS), 0L, "Milliseconds added to the machine's "
                    + "clock for arrival timestamps, retention and stream times (0: the machine's clock; a warning is "
                    + "logged otherwise). For reading a copy of an old data directory, whose records past their "
                    + "retention would be deleted at once, and for tests.");
    public static final Setting<Integer> MIN_RETENTION_HOURS = define("min-retention-hours",
            Type.integer(1, Integer.MAX_VALUE), 24, "Shortest retention period a stream may have.");
    public static final Setting<Integer> MAX_RETENTION_HOURS = define("max-retention-hours",
            Type.integer(1, Integer.MAX_VALUE), 8760, "Longest retention period a stream may have (Kinesis: 365 days).");
    public static final Setting<Integer> SHARD_LIMIT = define("shard-limit", Type.integer(1, Integer.MAX_VALUE), 500,
            "Open shards allowed across all streams (Kinesis' default account quota in its largest regions).");
    public static final Setting<Integer> ON_DEMAND_STREAM_LIMIT = define("on-demand-stream-limit",
            Type.integer(0, Integer.MAX_VALUE), 50, "Streams allowed in on-demand capacity mode.");
    public static final Setting<Long> ON_DEMAND_SCALE_INTERVAL_MS = define("on-demand-scale-interval-ms",
            Type.longInteger(1, Long.MAX_VALUE), 60_000L,
            "How often on-demand streams are checked for shards near their write limit (and split).");
    public static final Setting<Integer> STREAM_MODE_SWITCHES_PER_DAY = define("stream-mode-switches-per-day",
            Type.integer(1, Integer.MAX_VALUE), 2, "Capacity-mode switches allowed per stream per rolling 24 hours.");
    public static final Setting<Integer> UPDATE_SHARD_COUNT_PER_DAY = define("update-shard-count-per-day",
            Type.integer(1, Integer.MAX_VALUE), 10, "UpdateShardCount calls allowed per stream per rolling 24 hours.");
    public static final Setting<Integer> MAX_CONSUMERS_PER_STREAM = define("max-consumers-per-stream",
            Type.integer(1, Integer.MAX_VALUE), 20, "Enhanced fan-out consumers a stream may have registered at once "
                    + "(Kinesis: 20 for provisioned streams).");
    public static final Setting<Long> CONSUMER_CREATE_DELAY_MS = define("consumer-create-delay-ms",
            Type.longInteger(0, Long.MAX_VALUE), null, "How long a newly registered consumer stays CREATING; unset: "
                    + "as long as a new stream (stream-create-delay-ms).");
    public static final Setting<Integer> MAX_CREATING_CONSUMERS = define("max-creating-consumers",
            Type.integer(1, Integer.MAX_VALUE), 5, "Consumers that may be CREATING at once in the account; "
                    + "RegisterStreamConsumer beyond is LimitExceededException (Kinesis: 5).");
    public static final Setting<Integer> MAX_RECORD_SIZE_BYTES = define("max-record-size-bytes",
            Type.integer(1, 10 * 1024 * 1024), 1_048_576, "Largest record (data plus partition key), at most 10 MiB.");
    public static final Setting<Boolean> THROUGHPUT_LIMITS = define("throughput-limits", Type.bool(), true,
            "Enforce Kinesis' per-shard throughput limits (1 MiB/s and 1000 records/s in, 2 MiB/s out).");
    public static final Setting<Integer> SHARD_WRITE_BYTES_PER_SECOND = define("shard-write-bytes-per-second",
            Type.integer(1, Integer.MAX_VALUE), 1_048_576, "Bytes (data plus partition keys) one shard accepts per "
                    + "second, with a one-second burst (Kinesis: 1 MiB).");
    public static final Setting<Integer> SHARD_WRITE_RECORDS_PER_SECOND = define("shard-write-records-per-second",
            Type.integer(1, Integer.MAX_VALUE), 1_000, "Records one shard accepts per second, with a one-second burst.");
    public static final Setting<Integer> SHARD_READ_BYTES_PER_SECOND = define("shard-read-bytes-per-second",
            Type.integer(1, Integer.MAX_VALUE), 2_097_152, "Bytes GetRecords serves per shard per second (Kinesis: "
                    + "2 MiB); a larger read throttles the calls after it until it is paid back.");
    public static final Setting<Integer> SHARD_READ_CALLS_PER_SECOND = define("shard-read-calls-per-second",
            Type.integer(1, Integer.MAX_VALUE), 5, "GetRecords calls one shard serves per second, with a one-second burst.");
    public static final Setting<Integer> CONSUMER_READ_BYTES_PER_SECOND = define("consumer-read-bytes-per-second",
            Type.integer(1, Integer.MAX_VALUE), 2_097_152, "Bytes SubscribeToShard pushes per second to each registered "
                    + "consumer on each shard (enhanced fan-out; Kinesis: 2 MiB), when throughput-limits is on.");
    public static final Setting<Long> SUBSCRIPTION_LIFETIME_MS = define("subscription-lifetime-ms",
            Type.longInteger(1_000, Long.MAX_VALUE), 300_000L, "How long a SubscribeToShard subscription lasts before it "
                    + "completes and the consumer calls again (Kinesis: 5 minutes).");
    public static final Setting<Long> SUBSCRIPTION_HEARTBEAT_MS = define("subscription-heartbeat-ms",
            Type.longInteger(100, Long.MAX_VALUE), 5_000L, "Longest silence on a subscription: an idle shard still gets an "
                    + "empty SubscribeToShardEvent this often.");
    public static final Setting<Long> SUBSCRIPTION_TAKEOVER_MS = define("subscription-takeover-ms",
            Type.longInteger(0, Long.MAX_VALUE), 5_000L, "A SubscribeToShard call within this long of a successful one "
                    + "for the same consumer and shard is refused with ResourceInUseException; a later one takes over "
                    + "(Kinesis: 5 seconds).");
    public static final Setting<Long> SUBSCRIPTION_MIN_CALL_INTERVAL_MS = define("subscription-min-call-interval-ms",
            Type.longInteger(0, Long.MAX_VALUE), 1_000L, "SubscribeToShard calls for the same consumer and shard closer "
                    + "than this are refused with LimitExceededException (Kinesis: one per second).");
    // Functions (riffle-functions) and stream triggers (riffle-triggers). One function's own invoke URL is the
    // dynamic setting function.<name>.url (config file or --set; no environment variable), see lookup.
    public static final Setting<String> LAMBDA_ENDPOINT = define("lambda-endpoint", Type.httpUrl(), null,
            "The Lambda API endpoint (http(s)://host[:port]) that invokes every function without its own "
                    + "function.<name>.url setting, at <endpoint>/2015-03-31/functions/<name>/invocations.");
    public static final Setting<String> LAMBDA_ACCESS_KEY_ID = define("lambda-access-key-id", Type.text(), null,
            "The access key id that requests to lambda-endpoint are signed with (SigV4, service lambda, in region); "
                    + "unset: unsigned (a local emulator).");
    public static final Setting<String> LAMBDA_SECRET_ACCESS_KEY = define("lambda-secret-access-key", Type.text(), null,
            "The secret access key of lambda-access-key-id.");
    public static final Setting<String> LAMBDA_SESSION_TOKEN = define("lambda-session-token", Type.text(), null,
            "The session token of temporary lambda-* credentials, if they are temporary.");
    public static final Setting<Long> FUNCTION_INVOKE_TIMEOUT_MS = define("function-invoke-timeout-ms",
            Type.longInteger(1, Long.MAX_VALUE), 930_000L, "How long a function invocation may take before it counts "
                    + "as unavailable (Lambda's longest function timeout is 15 minutes).");
    public static final Setting<Integer> FUNCTION_MAX_CONCURRENCY = define("function-max-concurrency",
            Type.integer(1, Integer.MAX_VALUE), 100, "Invocations of one function running at once; more wait their turn.");
    public static final Setting<Long> TRIGGER_TRANSITION_DELAY_MS = define("trigger-transition-delay-ms",
            Type.longInteger(0, Long.MAX_VALUE), 0L, "How long an event source mapping stays Creating, Enabling, "
                    + "Updating, Disabling or Deleting before it settles.");
    public static final Setting<Long> TRIGGER_IDLE_POLL_MS = define("trigger-idle-poll-ms",
            Type.longInteger(1, Long.MAX_VALUE), 1_000L, "How often an idle trigger looks at its shards when no "
                    + "append woke it, and for new shards.");
    public static final Setting<Long> TRIGGER_RETRY_BACKOFF_MS = define("trigger-retry-backoff-ms",
            Type.longInteger(0, Long.MAX_VALUE), 500L, "The first wait before a trigger tries a failed batch again "
                    + "(doubling per retry, at most 30 s).");
    public static final Setting<String> TRIGGER_S3_ENDPOINT = define("trigger-s3-endpoint", Type.text(), "",
            "The S3-compatible store (path-style, e.g. http://localhost:9000) that mappings' OnFailure S3 "
                    + "destinations write invocation records to; empty: the embedded one, bucket arn:aws:s3:::b being "
                    + "the folder <data-dir>/s3/b/.");
    public static final Setting<String> TRIGGER_S3_REGION = define("trigger-s3-region", Type.text(), "",
            "The region of trigger-s3-endpoint's requests; empty: the server's region.");
    public static final Setting<String> TRIGGER_S3_ACCESS_KEY_ID = define("trigger-s3-access-key-id", Type.text(), "",
            "The access key id for trigger-s3-endpoint; empty: the AWS SDK's default credential chain.");
    public static final Setting<String> TRIGGER_S3_SECRET_ACCESS_KEY = define("trigger-s3-secret-access-key",
            Type.text(), "", "The secret access key for trigger-s3-endpoint.");
    public static final Setting<Boolean> TLS = define("tls", Type.bool(), false,
            "Serve HTTPS (HTTP/1.1 and HTTP/2 by ALPN) on the port, beside plaintext HTTP/1.1 and h2c.");
    public static final Setting<Path> TLS_CERT_FILE = define("tls-cert-file", Type.path(), null,
            "PEM certificate (chain, server certificate first) for TLS; unset: a self-signed certificate for "
                    + "localhost and 127.0.0.1, generated once into <data-dir>/tls/riffle.crt.");
    public static final Setting<Path> TLS_KEY_FILE = define("tls-key-file", Type.path(), null,
            "PEM private key of tls-cert-file (PKCS#8, PKCS#1 or SEC1; not encrypted).");
    public static final Setting<Integer> MAX_CONNECTIONS = define("max-connections", Type.integer(1, Integer.MAX_VALUE),
            4_000, "Client connections served at once; more are closed as soon as they are accepted while the open "
                    + "ones keep being served (keep it below the process's open-file limit).");
    public static final Setting<Long> HTTP_IDLE_TIMEOUT_MS = define("http-idle-timeout-ms",
            Type.longInteger(1, Long.MAX_VALUE), 60_000L, "A connection that sends nothing for this long while none of "
                    + "its requests waits for an answer is closed: idle keep-alive connections, and clients stalled "
                    + "mid-request (part of a head or body, a silent HTTP/2 preface).");
    public static final Setting<Long> HTTP_HEADER_TIMEOUT_MS = define("http-header-timeout-ms",
            Type.longInteger(1, Long.MAX_VALUE), 30_000L, "A client has this long from a request's first byte to "
                    + "send its whole head (a connection's first request: TLS handshake included), and an HTTP/2 "
                    + "client to send its preface and SETTINGS; one that drips bytes slower is closed.");
    public static final Setting<Long> HTTP_BODY_TIMEOUT_MS = define("http-body-timeout-ms",
            Type.longInteger(1, Long.MAX_VALUE), 120_000L, "A client has this long after a request's head to send "
                    + "its whole body; one that takes longer is closed (on HTTP/2: the stream is reset).");
    public static final Setting<Long> MAX_BUFFERED_REQUEST_BYTES = define("max-buffered-request-bytes",
            Type.longInteger(1, Long.MAX_VALUE), 256L * 1024 * 1024, "Request bytes held in memory across all "
                    + "connections until they are parsed; a request that would go over is answered 503 "
                    + "ServiceUnavailable (clients retry it) and its bytes dropped.");
    public static final Setting<String> CORS_ALLOWED_ORIGINS = define("cors-allowed-origins", Type.origins(), "",
            "Web page origins allowed to call Riffle from a browser (CORS), comma-separated; empty: none. "
                    + "Not '*' while authentication is off: any web page could then drive this server.");
    public static final Setting<String> AUTH = define("auth", Type.oneOf(List.of("none", "sigv4")), null,
            "How requests are authenticated: sigv4 (every request must be signed, AWS Signature Version 4, with "
                    + "credentials Riffle knows: the root credentials) or none (any request acts as the account's root: "
                    + "for development on one machine). Unset: none when host is a loopback address, sigv4 otherwise.");
    public static final Setting<Boolean> ALLOW_UNAUTHENTICATED_NETWORK_ACCESS = define(
            "allow-unauthenticated-network-access", Type.bool(), false, "Start with auth=none although host is not a "
                    + "loopback address: anyone who reaches the port may then read, write and delete every stream.");
    public static final Setting<String> ROOT_ACCESS_KEY_ID = define("root-access-key-id",
            Type.matching("[A-Z0-9]{16,128}", "16 to 128 upper-case letters and digits"), null,
            "The account root's access key id (with root-secret-access-key). Unset: the keys in "
                    + "<data-dir>/root-credentials, generated at the first start with auth=sigv4.");
    public static final Setting<String> ROOT_SECRET_ACCESS_KEY = define("root-secret-access-key", Type.text(), null,
            "The secret of root-access-key-id.");
    public static final Setting<Boolean> AUDIT = define("audit", Type.bool(), true, "Record every management call "
            + "and every refused call, with who made it, as CloudTrail-shaped JSON lines in <data-dir>/audit (read them "
            + "with riffle audit); each call is answered once its record is on disk.");
    public static final Setting<Boolean> AUDIT_DATA_EVENTS = define("audit-data-events", Type.bool(), false,
            "Also record the data calls (PutRecord(s), GetRecords, GetShardIterator, SubscribeToShard), through a "
                    + "bounded queue: when the writer is behind they are dropped (riffle_audit_dropped_events_total), "
                    + "never delayed.");
    // Logging (applied by the riffle command to its logback configuration)
    public static final Setting<String> LOG_LEVELS = define("log-levels", Type.matching(
            "(?i)\\s*[A-Za-z_$][\\w.$]*\\s*=\\s*(trace|debug|info|warn|error|off)\\s*"
                    + "(,\\s*[A-Za-z_$][\\w.$]*\\s*=\\s*(trace|debug|info|warn|error|off)\\s*)*",
            "comma-separated LOGGER=LEVEL pairs"), null,
            "Log levels by logger name, a package covering its classes: io.riffle.kinesis=debug,io.netty=warn "
                    + "(levels trace, debug, info, warn, error, off; RIFFLE_LOG_LEVEL sets the default).");
    public static final Setting<String> LOG_FORMAT = define("log-format", Type.oneOf(List.of("text", "json")),
            "text", "Server log lines as text, or one JSON object per line (time, level, thread, logger, message, "
                    + "key-values, exception) for log shippers.");
    public static final Setting<Boolean> ACCESS_LOG = define("access-log", Type.bool(), false,
            "Log one line per answered request (client, method, path, status, bytes, time, operation, request id) "
                    + "on the logger io.riffle.access.");
    // Firehose (riffle-firehose)
    public static final Setting<Long> FIREHOSE_CREATE_DELAY_MS = define("firehose-create-delay-ms",
            Type.longInteger(0, Long.MAX_VALUE), 1_000L, "How long a new Firehose delivery stream stays CREATING.");
    public static final Setting<Long> FIREHOSE_DELETE_DELAY_MS = define("firehose-delete-delay-ms",
            Type.longInteger(0, Long.MAX_VALUE), 1_000L, "How long a deleted Firehose delivery stream stays DELETING.");
    public static final Setting<Long> FIREHOSE_DELIVERY_TICK_MS = define("firehose-delivery-tick-ms",
            Type.longInteger(1, Long.MAX_VALUE), 1_000L,
            "How often Firehose checks every delivery stream's buffer against its size and interval.");
    public static final Setting<String> FIREHOSE_S3_ENDPOINT = define("firehose-s3-endpoint", Type.text(), "",
            "The S3-compatible store Firehose delivers to (e.g. http://localhost:9000); empty: the embedded one, "
                    + "bucket arn:aws:s3:::b being the folder <data-dir>/s3/b/.");
    public static final Setting<String> FIREHOSE_S3_REGION = define("firehose-s3-region", Type.text(), "",
            "The region of firehose-s3-endpoint's requests; empty: the server's region.");
    public static final Setting<Boolean> FIREHOSE_S3_PATH_STYLE = define("firehose-s3-path-style", Type.bool(), true,
            "Path-style S3 addressing (endpoint/bucket/key), which most S3-compatible stores need.");
    public static final Setting<String> FIREHOSE_S3_ACCESS_KEY_ID = define("firehose-s3-access-key-id", Type.text(),
            "", "The access key id for firehose-s3-endpoint; empty: the AWS SDK's default credential chain.");
    public static final Setting<String> FIREHOSE_S3_SECRET_ACCESS_KEY = define("firehose-s3-secret-access-key",
            Type.text(), "", "The secret access key for firehose-s3-endpoint.");
    public static final Setting<Boolean> FIREHOSE_HTTP_ENDPOINT_PLAIN_HTTP = define(
            "firehose-http-endpoint-plain-http", Type.bool(), false, "Let HttpEndpoint destinations use http:// and"
                    + " any port (Firehose takes only https on port 443): for endpoints on a private network.");
    public static final Setting<Long> FIREHOSE_PUT_RECORDS_PER_SECOND = define("firehose-put-records-per-second",
            Type.longInteger(-1, Long.MAX_VALUE), -1L, "DirectPut records per second per delivery stream, PutRecord and"
                    + " PutRecordBatch together (beyond: \"Slow down.\"); -1: Firehose's quota for the region"
                    + " (500,000 in us-east-1, us-west-2, eu-west-1, else 100,000); 0: no limit.");
    public static final Setting<Long> FIREHOSE_PUT_REQUESTS_PER_SECOND = define("firehose-put-requests-per-second",
            Type.longInteger(-1, Long.MAX_VALUE), -1L, "PutRecord and PutRecordBatch calls per second per delivery"
                    + " stream; -1: Firehose's quota for the region (2,000 or 1,000); 0: no limit.");
    public static final Setting<Long> FIREHOSE_PUT_BYTES_PER_SECOND = define("firehose-put-bytes-per-second",
            Type.longInteger(-1, Long.MAX_VALUE), -1L, "DirectPut record bytes per second per delivery stream;"
                    + " -1: Firehose's quota for the region (5 MiB or 1 MiB); 0: no limit.");

    public static final Setting<Integer> FIREHOSE_MAX_DELIVERY_STREAMS = define("firehose-max-delivery-streams",
            Type.integer(1, Integer.MAX_VALUE), 5_000, "Delivery streams per account and region (Firehose's default"
                    + " quota); CreateDeliveryStream past it is LimitExceededException.");
    public static final Setting<Integer> FIREHOSE_CONTROL_PLANE_CALLS_PER_SECOND = define(
            "firehose-control-plane-calls-per-second", Type.integer(0, Integer.MAX_VALUE), 5,
            "Calls per second of each Firehose control-plane operation (Create/Delete/Describe/ListDeliveryStream(s),"
                    + " UpdateDestination, tags, encryption; Firehose's hard limit is 5); past it LimitExceededException;"
                    + " 0 for no limit.");
    public static final Setting<Integer> FIREHOSE_ACTIVE_PARTITIONS = define("firehose-active-partitions",
            Type.integer(1, Integer.MAX_VALUE), 500, "Dynamic partitions buffered at once per delivery stream"
                    + " (Firehose's default quota); a record of a new partition past it goes to the error prefix"
                    + " (DynamicPartitioning.ActivePartitionsLimitExceeded).");

    private final Map<String, Object> values;

    private ServerConfig(Map<String, Object> values) {
        this.values = values;
    }

    // ---------------------------------------------------------------- the table's types

    /**
     * A setting: its kebab-case name, how its text parses, its default and what it does. A null
     * default means unset (an optional file, for instance).
     *
     * @param <T> the value's Java type
     */
    public record Setting<T>(String name, Type<T> type, T defaultValue, String description) {

        /** The environment variable that sets it: {@code RIFFLE_} + the name in upper snake case. */
        public String environmentVariable() {
            return "RIFFLE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        T parse(String text, String source) {
            try {
                return type.parser().apply(text.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid value '" + text + "' for " + name + " (" + source + "): expected "
                        + type.expected());
            }
        }
    }

    /**
     * How a setting's text becomes a value.
     *
     * @param expected what a valid value looks like, for error messages and {@link #describe()}
     * @param parser throws {@link IllegalArgumentException} on a bad value
     */
    public record Type<T>(Class<T> javaType, String expected, Function<String, T> parser) {

        static Type<String> text() {
            return new Type<>(String.class, "a non-empty text", text -> {
                if (text.isEmpty()) {
                    throw new IllegalArgumentException("empty");
                }
                return text;
            });
        }

        /** One of {@code choices}, in any case; the value is the choice as written there. */
        static Type<String> oneOf(List<String> choices) {
            String expected = choices.size() == 1 ? choices.get(0) : String.join(", ",
                    choices.subList(0, choices.size() - 1)) + " or " + choices.get(choices.size() - 1);
            return new Type<>(String.class, expected, text -> choices.stream()
                    .filter(choice -> choice.equalsIgnoreCase(text)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(text)));
        }

        static Type<String> matching(String regex, String expected) {
            Pattern pattern = Pattern.compile(regex);
            return new Type<>(String.class, expected, text -> {
                if (!pattern.matcher(text).matches()) {
                    throw new IllegalArgumentException(text);
                }
                return text;
            });
        }

        /** Comma-separated CORS origins ({@code scheme://host[:port]}), possibly none; never {@code *} (no authentication yet). */
        static Type<String> origins() {
            return new Type<>(String.class, "origins separated by commas, each scheme://host[:port] such as "
                    + "http://localhost:3000, or nothing; not '*' while authentication is off", text -> {
                        CorsPolicy.allowing(splitList(text), false); // throws IllegalArgumentException
                        return text;
                    });
        }

        /** An http:// or https:// URL with a host. */
        static Type<String> httpUrl() {
            return new Type<>(String.class, "an http:// or https:// URL such as http://localhost:9001", text -> {
                java.net.URI uri = java.net.URI.create(text); // IllegalArgumentException when malformed
                if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())
                        && !"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new IllegalArgumentException(text);
                }
                return text;
            });
        }

        static Type<Integer> integer(int min, int max) {
            return new Type<>(Integer.class, "an integer " + range(min, max), text -> {
                int value = Integer.parseInt(text); // NumberFormatException is an IllegalArgumentException
                if (value < min || value > max) {
                    throw new IllegalArgumentException(text);
                }
                return value;
            });
        }

        static Type<Long> longInteger(long min, long max) {
            return new Type<>(Long.class, "an integer " + range(min, max), text -> {
                long value = Long.parseLong(text);
                if (value < min || value > max) {
                    throw new IllegalArgumentException(text);
                }
                return value;
            });
        }

        static Type<Boolean> bool() {
            return new Type<>(Boolean.class, "true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(text);
            });
        }

        static Type<Path> path() {
            return new Type<>(Path.class, "a file system path", text -> {
                if (text.isEmpty()) {
                    throw new IllegalArgumentException("empty");
                }
                return Path.of(text); // InvalidPathException is an IllegalArgumentException
            });
        }

        private static String range(long min, long max) {
            if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
                return ">= " + min;
            }
            return "from " + min + " to " + max;
        }
    }

    /** A configuration that cannot be used; the message says which setting, from where, and why. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    private static <T> Setting<T> define(String name, Type<T> type, T defaultValue, String description) {
        Setting<T> setting = new Setting<>(name, type, defaultValue, description);
        if (REGISTRY.putIfAbsent(name, setting) != null) {
            throw new IllegalStateException("setting defined twice: " + name);
        }
        return setting;
    }

    // ---------------------------------------------------------------- loading

    /** Every setting at its default. */
    public static ServerConfig defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        REGISTRY.values().forEach(setting -> values.put(setting.name(), setting.defaultValue()));
        return new ServerConfig(values);
    }

    /**
     * Builds the configuration from every source.
     *
     * @param configFile the {@code --config} file, or null to use {@code RIFFLE_CONFIG} if set
     * @param environment the process environment ({@code System.getenv()})
     * @param flags settings from the command line, by setting name ({@code port -> 4568})
     * @throws ConfigException on an unknown key, a bad value, or an unreadable config file
     */
    public static ServerConfig load(Path configFile, Map<String, String> environment, Map<String, String> flags) {
        Map<String, Object> values = new LinkedHashMap<>(defaults().values);
        Path file = configFile;
        if (file == null && environment.get(CONFIG_FILE_ENV) != null && !environment.get(CONFIG_FILE_ENV).isBlank()) {
            file = Path.of(environment.get(CONFIG_FILE_ENV).strip());
        }
        if (file != null) {
            String source = "config file " + file;
            for (Map.Entry<String, String> entry : readProperties(file).entrySet()) {
                Setting<?> setting = lookup(entry.getKey(), source);
                values.put(setting.name(), setting.parse(entry.getValue(), source));
            }
        }
        for (Setting<?> setting : REGISTRY.values()) {
            String text = environment.get(setting.environmentVariable());
            if (text != null) {
                values.put(setting.name(), setting.parse(text, "environment variable " + setting.environmentVariable()));
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            Setting<?> setting = lookup(flag.getKey(), "command line");
            values.put(setting.name(), setting.parse(flag.getValue(), "command line"));
        }
        return validated(new ServerConfig(values));
    }

    /** A copy with one setting changed (for code and tests; no parsing). */
    public <T> ServerConfig with(Setting<T> setting, T value) {
        Objects.requireNonNull(value, setting.name());
        Map<String, Object> changed = new LinkedHashMap<>(values);
        changed.put(setting.name(), value);
        return validated(new ServerConfig(changed));
    }

    private static ServerConfig validated(ServerConfig config) {
        if (config.minRetentionHours() > config.maxRetentionHours()) {
            throw new ConfigException(MIN_RETENTION_HOURS.name() + " (" + config.minRetentionHours()
                    + ") is larger than " + MAX_RETENTION_HOURS.name() + " (" + config.maxRetentionHours() + ")");
        }
        boolean hasCert = config.tlsCertFile() != null;
        boolean hasKey = config.tlsKeyFile() != null;
        if (hasCert != hasKey) {
            throw new ConfigException((hasCert ? TLS_CERT_FILE : TLS_KEY_FILE).name() + " is set but "
                    + (hasCert ? TLS_KEY_FILE : TLS_CERT_FILE).name() + " is not: give both (a certificate and its "
                    + "private key), or neither for a generated self-signed certificate");
        }
        if ((config.get(LAMBDA_ACCESS_KEY_ID) == null) != (config.get(LAMBDA_SECRET_ACCESS_KEY) == null)) {
            throw new ConfigException(LAMBDA_ACCESS_KEY_ID.name() + " and " + LAMBDA_SECRET_ACCESS_KEY.name()
                    + " go together: set both, or neither for unsigned invocations");
        }
        if ((config.get(ROOT_ACCESS_KEY_ID) == null) != (config.get(ROOT_SECRET_ACCESS_KEY) == null)) {
            throw new ConfigException((config.get(ROOT_ACCESS_KEY_ID) == null ? ROOT_SECRET_ACCESS_KEY
                    : ROOT_ACCESS_KEY_ID).name() + " is set without "
                    + (config.get(ROOT_ACCESS_KEY_ID) == null ? ROOT_ACCESS_KEY_ID : ROOT_SECRET_ACCESS_KEY).name()
                    + ": give both (RIFFLE_ROOT_ACCESS_KEY_ID and RIFFLE_ROOT_SECRET_ACCESS_KEY), or neither");
        }
        if (!config.isAuthenticating() && !config.get(ALLOW_UNAUTHENTICATED_NETWORK_ACCESS)
                && !isLoopback(config.host())) {
            throw new ConfigException("Riffle would listen on " + config.host() + ", not a loopback address, with auth=none:"
                    + " anyone who reaches the port could read, write and delete every stream. Leave auth unset (or "
                    + "auth=sigv4) to require signed requests: clients then use the root credentials, generated into "
                    + "<data-dir>/root-credentials at the first start, or your own given as RIFFLE_ROOT_ACCESS_KEY_ID "
                    + "and RIFFLE_ROOT_SECRET_ACCESS_KEY. To accept unsigned requests from the network anyway, set "
                    + ALLOW_UNAUTHENTICATED_NETWORK_ACCESS.name() + "=true.");
        }
        if (hasCert && !config.isTls()) {
            throw new ConfigException(TLS_CERT_FILE.name() + " and " + TLS_KEY_FILE.name()
                    + " are set but tls is false: turn TLS on (--tls, tls=true or RIFFLE_TLS=true) or unset them");
        }
        return config;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("Config file " + file.toAbsolutePath() + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        Map<String, String> entries = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .forEach(key -> entries.put(key, properties.getProperty(key)));
        return entries;
    }

    /** {@code function.<name>.url}: one function's invoke URL (its name as Lambda allows it). */
    private static final Pattern FUNCTION_URL_KEY = Pattern.compile("function\\.([a-zA-Z0-9_-]{1,64})\\.url");

    private static Setting<?> lookup(String key, String source) {
        Setting<?> setting = REGISTRY.get(key.strip());
        if (setting == null && FUNCTION_URL_KEY.matcher(key.strip()).matches()) {
            return new Setting<>(key.strip(), Type.httpUrl(), null, "The invoke URL of one function.");
        }
        if (setting == null) {
            throw new ConfigException("Unknown setting '" + key + "' (" + source + "); the settings are: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return setting;
    }

    // ---------------------------------------------------------------- reading

    /** All settings, in table order. */
    public static List<Setting<?>> settings() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.values()));
    }

    /** The {@code function.<name>.url} settings: invoke URL by function name. */
    public Map<String, String> functionUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            java.util.regex.Matcher m = FUNCTION_URL_KEY.matcher(key);
            if (m.matches() && value != null) {
                urls.put(m.group(1), (String) value);
            }
        });
        return urls;
    }

    /** A copy with {@code function.<name>.url} set (for code and tests). */
    public ServerConfig withFunctionUrl(String name, String url) {
        String key = "function." + name + ".url";
        Setting<?> setting = lookup(key, "code");
        Map<String, Object> changed = new LinkedHashMap<>(values);
        changed.put(key, setting.parse(url, "code"));
        return validated(new ServerConfig(changed));
    }

    public <T> T get(Setting<T> setting) {
        return setting.type().javaType().cast(values.get(setting.name()));
    }

    public String host() {
        return get(HOST);
    }

    public int port() {
        return get(PORT);
    }

    public Path dataDir() {
        return get(DATA_DIR);
    }

    public String region() {
        return get(REGION);
    }

    public String accountId() {
        return get(ACCOUNT_ID);
    }

    public String durability() {
        return get(DURABILITY);
    }

    public long streamCreateDelayMs() {
        return get(STREAM_CREATE_DELAY_MS);
    }

    public long streamDeleteDelayMs() {
        return get(STREAM_DELETE_DELAY_MS);
    }

    public long iteratorTtlMs() {
        return get(ITERATOR_TTL_MS);
    }

    public int minRetentionHours() {
        return get(MIN_RETENTION_HOURS);
    }

    public int maxRetentionHours() {
        return get(MAX_RETENTION_HOURS);
    }

    public int shardLimit() {
        return get(SHARD_LIMIT);
    }

    public int updateShardCountPerDay() {
        return get(UPDATE_SHARD_COUNT_PER_DAY);
    }

    public int onDemandStreamLimit() {
        return get(ON_DEMAND_STREAM_LIMIT);
    }

    public int maxConsumersPerStream() {
        return get(MAX_CONSUMERS_PER_STREAM);
    }

    public int maxRecordSizeBytes() {
        return get(MAX_RECORD_SIZE_BYTES);
    }

    public boolean isThroughputLimited() {
        return get(THROUGHPUT_LIMITS);
    }

    public boolean isTls() {
        return get(TLS);
    }

    /** The given TLS certificate file, or null for a generated self-signed one. */
    public Path tlsCertFile() {
        return get(TLS_CERT_FILE);
    }

    /** The given TLS private key file, or null for a generated self-signed one. */
    public Path tlsKeyFile() {
        return get(TLS_KEY_FILE);
    }

    /** Whether requests must be signed: auth=sigv4, or auth unset and host not a loopback address. */
    public boolean isAuthenticating() {
        String auth = get(AUTH);
        return auth != null ? auth.equals("sigv4") : !isLoopback(host());
    }

    /** Whether {@code host} names loopback addresses only ({@code 127.0.0.1}, {@code ::1}, {@code localhost}). */
    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false; // binding will fail and say so
        }
    }

    /** The origins of cors-allowed-origins; empty for none. */
    public List<String> corsAllowedOrigins() {
        return splitList(get(CORS_ALLOWED_ORIGINS));
    }

    /** The non-empty, trimmed items of a comma-separated list. */
    static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    /**
     * The settings table for {@code --help}: each setting's name, default and environment variable
     * on one line, then its description and accepted values, wrapped at {@code width} columns under
     * their indentation:
     * <pre>
     *   durability (default fsync; RIFFLE_DURABILITY)
     *       When a write is acknowledged: fsync (its bytes are on disk) or a weaker
     *       storage setting. Values: fsync, interval or none.
     * </pre>
     */
    public static String describe(int width) {
        StringBuilder text = new StringBuilder();
        for (Setting<?> setting : REGISTRY.values()) {
            Object defaultValue = setting.defaultValue() == null ? "unset"
                    : "".equals(setting.defaultValue()) ? "empty" : setting.defaultValue();
            // The heading stays whole (names to copy); the description wraps.
            text.append("  ").append(setting.name()).append(" (default ").append(defaultValue).append("; ")
                    .append(setting.environmentVariable()).append(")\n");
            text.append(wrap(setting.description() + " Values: " + setting.type().expected() + ".",
                    "      ", "      ", width));
        }
        return text.toString();
    }

    /** {@link #describe(int)} for an 80-column terminal. */
    public static String describe() {
        return describe(80);
    }

    /**
     * {@code text} broken at spaces into lines of at most {@code width} characters (a longer word
     * gets a line of its own), the first starting with {@code firstIndent}, the others with
     * {@code indent}; every line ends with a newline.
     */
    static String wrap(String text, String firstIndent, String indent, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(firstIndent);
        int emptyLength = firstIndent.length();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > emptyLength && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append(indent);
                emptyLength = indent.length();
            }
            if (line.length() > emptyLength) {
                line.append(' ');
            }
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerConfig config && values.equals(config.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(entry -> entry.getKey() + "="
                        + (entry.getKey().equals(ROOT_SECRET_ACCESS_KEY.name()) && entry.getValue() != null ? "***"
                        : entry.getValue()))
                .collect(Collectors.joining(", ", "ServerConfig{", "}"));
    }
}
