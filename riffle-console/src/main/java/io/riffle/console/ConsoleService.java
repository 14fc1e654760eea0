package io.riffle.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.riffle.aws.AccessNeeded;
import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.auth.BrowserSessions;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.firehose.DeliveryStatus;
import io.riffle.firehose.FirehoseAdmin;
import io.riffle.kinesis.source.StreamSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The web console on the front door, under {@value #PATH}: the pages ({@link StaticAssets}), and its own small API
 * under {@code /console/api/}: {@code config} (region and account, for the ARNs the pages build), {@code rates}
 * ({@link StreamRates}), {@code delivery-status} (a delivery stream's buffers and last deliveries), {@code records} (the data viewer's live records, {@link LiveRecords}) and {@code latest} (each
 * shard's newest sequence number, {@link LatestSequenceNumbers}, to compare KCL checkpoints with). Everything else the
 * pages do, they do with the AWS APIs themselves.
 *
 * <p>Authentication: with {@code auth=none} the pages call the Kinesis API with a well-formed but unsigned
 * {@code Authorization} header, as any client may then. With {@code auth=sigv4} ({@link #requireSignIn}) a browser
 * cannot sign, so it signs in ({@link ConsoleSignIn}): the front door's {@link BrowserSessions} then authenticates
 * its calls (the Kinesis API's and this API's) by their session cookie and CSRF token as the signed-in key's
 * principal, and the same IAM policies apply: {@link #accessNeeded} names what this API's calls need. The pages and
 * their scripts are served to anyone (they hold no data); the API answers 401 until sign-in, and 403 with the
 * policy's denial.
 *
 * <p>Threads: {@link #serve} runs on the event loops and never blocks; one timer thread ({@code riffle-console})
 * samples the rates each second and sends the viewers' heartbeats.
 */
public final class ConsoleService implements AwsService, AutoCloseable {

    public static final String PATH = "/console";
    private static final String API = PATH + "/api/";
    private static final String JSON = "application/json";

    private final String region;
    private final String accountId;
    private final ObjectMapper json = new ObjectMapper();
    private final StaticAssets assets = new StaticAssets();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "riffle-console");
        t.setDaemon(true);
        return t;
    });
    private final Set<LiveRecords> viewers = ConcurrentHashMap.newKeySet();
    private volatile StreamSource source;
    private volatile StreamRates rates;
    private volatile FirehoseAdmin firehose;
    private volatile ConsoleSignIn signIn = new ConsoleSignIn(null, json);

    public ConsoleService(String region, String accountId) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    /** Starts serving the API over {@code source} and {@code metrics}; until then it answers 503. */
    public void attach(StreamSource source, MetricsRegistry metrics) {
        StreamRates sampled = new StreamRates(metrics, System::currentTimeMillis);
        timer.scheduleWithFixedDelay(sampled::sample, 0, 1, TimeUnit.SECONDS);
        this.rates = sampled;
        this.source = source;
    }

    /** Serves {@code delivery-status} over Firehose's status view; until then it answers 503. */
    public void attachFirehose(FirehoseAdmin admin) {
        this.firehose = Objects.requireNonNull(admin, "admin");
    }

    /** With {@code auth=sigv4}: browsers sign in and are then known by {@code sessions}. */
    public void requireSignIn(BrowserSessions sessions) {
        this.signIn = new ConsoleSignIn(Objects.requireNonNull(sessions, "sessions"), json);
    }

    /**
     * What this API's calls need, checked by the front door with auth=sigv4 as for any AWS call: the data viewer and
     * {@code latest} read a stream's records ({@code kinesis:GetRecords} on it), the rates list every stream
     * ({@code kinesis:ListStreams}), a delivery stream's status what DescribeDeliveryStream needs on it
     * ({@value FirehoseAdmin#STATUS_ACTION}). Pages, {@code config} and the sign-in calls need nothing.
     */
    @Override
    public Optional<AccessNeeded> accessNeeded(AwsRequest request) {
        String path = request.path();
        if (path.equals(API + "rates")) {
            return Optional.of(new AccessNeeded("kinesis:ListStreams", "*"));
        }
        String deliveryStream = request.queryParameter("name");
        if (path.equals(API + "delivery-status") && deliveryStream != null) {
            return Optional.of(new AccessNeeded(FirehoseAdmin.STATUS_ACTION, "arn:aws:firehose:" + region + ":"
                    + accountId + ":deliverystream/" + deliveryStream));
        }
        String stream = request.queryParameter("stream");
        if ((path.equals(API + "records") || path.equals(API + "latest")) && stream != null) {
            return Optional.of(new AccessNeeded("kinesis:GetRecords", streamArn(stream)));
        }
        return Optional.empty();
    }

    private String streamArn(String streamName) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + streamName;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public List<ServiceRoute> routes() {
        return List.of(new ServiceRoute.ByPath(PATH));
    }

    /** Browsers do not sign: a refused request gets the console's own page, not an AWS error body. */
    @Override
    public boolean answersAuthRefusals() {
        return true;
    }

    /** The console's own requests are page loads and polls: audited only with the data events. */
    @Override
    public boolean isDataEvent(String operation) {
        return true;
    }

    @Override
    public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        if (request.path().equals(API + "latest") && request.method().equals("GET") && request.authRefusal() == null
                && source != null) {
            return latest(request, source);
        }
        return CompletableFuture.completedFuture(answer(request));
    }

    /** {@code latest?stream=NAME}: each shard's newest sequence number ({@link LatestSequenceNumbers}). */
    private CompletableFuture<AwsAnswer> latest(AwsRequest request, StreamSource reads) {
        String streamName = request.queryParameter("stream");
        if (streamName == null) {
            return CompletableFuture.completedFuture(badRequest("stream is required"));
        }
        Optional<StreamSource.Stream> stream = reads.stream(streamArn(streamName));
        if (stream.isEmpty()) {
            return CompletableFuture.completedFuture(notFound("stream " + streamName + " (not found, or not ACTIVE)"));
        }
        return LatestSequenceNumbers.of(reads, stream.get(), json).thenApply(body -> {
            AwsAnswer answer = AwsAnswer.of(200, JSON, body.toString());
            answer.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            return answer;
        });
    }

    private AwsAnswer answer(AwsRequest request) {
        String path = request.path();
        if (path.startsWith(API)) {
            String call = path.substring(API.length());
            Optional<AwsAnswer> signing = signIn.answer(call, request);
            if (signing.isPresent()) {
                return signing.get();
            }
            if (request.authRefusal() != null) {
                return refused(request.authRefusal());
            }
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return AwsAnswer.of(405, "text/plain; charset=utf-8", "The console serves GET only.\n");
        }
        if (path.equals(PATH)) {
            AwsAnswer redirect = AwsAnswer.empty(302);
            redirect.headers().set(HttpHeaderNames.LOCATION, PATH + "/");
            return redirect;
        }
        if (path.startsWith(API)) {
            return api(path.substring(API.length()), request);
        }
        String name = path.equals(PATH + "/") ? "index.html" : path.substring(PATH.length() + 1);
        Optional<StaticAssets.Asset> asset = assets.find(name);
        if (asset.isEmpty()) {
            return notFound(path);
        }
        AwsAnswer answer = AwsAnswer.of(200, asset.get().contentType(), asset.get().bytes());
        answer.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return answer;
    }

    private AwsAnswer api(String call, AwsRequest request) {
        StreamSource reads = source;
        StreamRates sampled = rates;
        if (reads == null || sampled == null) {
            return AwsAnswer.of(503, JSON, "{\"message\":\"the server is starting\"}");
        }
        return switch (call) {
            case "config" -> AwsAnswer.of(200, JSON, json.createObjectNode().put("region", region)
                    .put("accountId", accountId).toString());
            case "rates" -> AwsAnswer.of(200, JSON, sampled.toJson(json).toString());
            case "records" -> records(request, reads);
            case "delivery-status" -> deliveryStatus(request);
            default -> notFound(request.path());
        };
    }

    /** {@code records?stream=NAME&shard=ID|all&from=LATEST|TRIM_HORIZON|AT_TIMESTAMP|AT_SEQUENCE_NUMBER&at=...}. */
    private AwsAnswer records(AwsRequest request, StreamSource reads) {
        String streamName = request.queryParameter("stream");
        String shard = Objects.requireNonNullElse(request.queryParameter("shard"), "all");
        String from = Objects.requireNonNullElse(request.queryParameter("from"), "LATEST");
        String at = request.queryParameter("at");
        if (streamName == null) {
            return badRequest("stream is required");
        }
        if (!List.of("LATEST", "TRIM_HORIZON", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER")
                .contains(from)) {
            return badRequest("from must be LATEST, TRIM_HORIZON, AT_TIMESTAMP, AT_SEQUENCE_NUMBER or "
                    + "AFTER_SEQUENCE_NUMBER");
        }
        long atMs = 0;
        if (from.equals("AT_TIMESTAMP")) {
            try {
                atMs = Long.parseLong(Objects.requireNonNullElse(at, ""));
            } catch (NumberFormatException e) {
                return badRequest("at must be a time in epoch milliseconds with AT_TIMESTAMP");
            }
        } else if (from.endsWith("SEQUENCE_NUMBER") && (at == null || !at.matches("0|[1-9][0-9]{0,128}"))) {
            return badRequest("at must be a sequence number with " + from);
        }
        Optional<StreamSource.Stream> stream = reads.stream(streamArn(streamName));
        if (stream.isEmpty()) {
            return notFound("stream " + streamName + " (not found, or not ACTIVE)");
        }
        List<String> shardIds = shard.equals("all")
                ? stream.get().shards().stream().map(StreamSource.Shard::shardId).toList()
                : List.of(shard);
        if (!shard.equals("all") && stream.get().shard(shard).isEmpty()) {
            return notFound("shard " + shard + " of stream " + streamName);
        }
        LiveRecords[] live = new LiveRecords[1];
        live[0] = new LiveRecords(reads, stream.get(), shardIds, new LiveRecords.Start(from, atMs, at), timer, json,
                () -> viewers.remove(live[0]));
        viewers.add(live[0]);
        AwsAnswer answer = AwsAnswer.streamed("text/event-stream; charset=utf-8", live[0]);
        answer.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return answer;
    }

    /**
     * {@code delivery-status?name=NAME}: the delivery stream's buffer fill and last deliveries
     * ({@link FirehoseAdmin#status}), which Firehose's API does not give.
     */
    private AwsAnswer deliveryStatus(AwsRequest request) {
        String name = request.queryParameter("name");
        FirehoseAdmin admin = firehose;
        if (name == null) {
            return badRequest("name is required");
        }
        if (admin == null) {
            return AwsAnswer.of(503, JSON, "{\"message\":\"Firehose is starting\"}");
        }
        Optional<DeliveryStatus> status = admin.status(name);
        if (status.isEmpty()) {
            return notFound("delivery stream " + name);
        }
        AwsAnswer answer = AwsAnswer.of(200, JSON, json.valueToTree(status.get()).toString());
        answer.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return answer;
    }

    /** Not signed in (401: the page shows its sign-in form), or denied by a policy (403, AWS's code and text). */
    private AwsAnswer refused(AuthFailure refusal) {
        boolean isDenied = refusal.code().startsWith("AccessDenied");
        return AwsAnswer.of(isDenied ? 403 : 401, JSON, json.createObjectNode().put("__type", refusal.code())
                .put("message", isDenied ? refusal.message() : "Sign in to the console first.").toString());
    }

    private AwsAnswer badRequest(String message) {
        return AwsAnswer.of(400, JSON, json.createObjectNode().put("message", message).toString());
    }

    private AwsAnswer notFound(String what) {
        return AwsAnswer.of(404, JSON, json.createObjectNode().put("message", "no such thing: " + what).toString());
    }

    @Override
    public void close() {
        List.copyOf(viewers).forEach(LiveRecords::end);
        timer.shutdownNow();
    }
}
