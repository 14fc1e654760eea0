package io.riffle.server;

import io.riffle.aws.CorsPolicy;
import io.riffle.aws.ServiceRouter;
import io.riffle.console.ConsoleService;
import io.riffle.aws.audit.AuditLog;
import io.riffle.aws.audit.AuditRecorder;
import io.riffle.aws.auth.AccessKey;
import io.riffle.aws.auth.Authenticator;
import io.riffle.aws.auth.BrowserSessions;
import io.riffle.aws.auth.CredentialStore;
import io.riffle.aws.auth.SessionTokens;
import io.riffle.aws.auth.SigV4Authenticator;
import io.riffle.aws.http.HttpServer;
import io.riffle.aws.http.PortInUseException;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.aws.tls.ServerCertificate;
import io.riffle.dynamodb.DynamoDbService;
import io.riffle.iam.IamService;
import io.riffle.kinesis.control.ConsumerInfo;
import io.riffle.kinesis.control.ConsumerOperations;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.control.ListShardsOperation;
import io.riffle.kinesis.control.OnDemandScaler;
import io.riffle.kinesis.control.ReshardOperations;
import io.riffle.kinesis.control.ResourcePolicyOperations;
import io.riffle.kinesis.control.StreamOperations;
import io.riffle.kinesis.control.WarmThroughputOperations;
import io.riffle.kinesis.control.StreamRegistry;
import io.riffle.kinesis.data.DataOperations;
import io.riffle.kinesis.data.IteratorKeyFile;
import io.riffle.kinesis.data.LocalStreamSink;
import io.riffle.kinesis.data.LocalStreamSource;
import io.riffle.kinesis.data.ShardIterators;
import io.riffle.kinesis.data.subscribe.ConsumerLookup;
import io.riffle.kinesis.data.subscribe.SubscribeToShardOperation;
import io.riffle.kinesis.metrics.KinesisMetrics;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.protocol.KinesisAccess;
import io.riffle.kinesis.protocol.KinesisApi;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.server.metrics.ProcessMetrics;
import io.riffle.server.metrics.StorageMetrics;
import io.riffle.server.tls.SelfSignedCertificate;
import io.riffle.storage.Durability;
import io.riffle.firehose.Firehose;
import io.riffle.firehose.FirehoseAdmin;
import io.riffle.firehose.FirehoseService;
import io.riffle.functions.HttpFunctionInvoker;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreConfig;
import io.riffle.sts.StsService;
import io.riffle.triggers.MappingStore;
import io.riffle.triggers.TriggersApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of one Riffle node: storage, control plane, operations, protocol, HTTP. Closing it
 * stops in the reverse order, so requests in flight finish and the store shuts down cleanly.
 *
 * <p>Start order: the data directory's lock ({@link DataDirectory}) before anything in the
 * directory is read or written; then the key files' modes are checked and the port is bound
 * (held, not yet served); only then is storage opened (its recovery writes), the operations and
 * metrics registered, and the port served. So a second server on the same directory, or one
 * whose port is taken, changes nothing.
 */
public final class RiffleServer implements ServerLauncher.Running {
    private static final Logger log = LoggerFactory.getLogger(RiffleServer.class);
    /** Where the audit log's files go, inside the data directory. */
    static final String AUDIT_DIRECTORY = "audit";
    /** An audit file rolls at this size; the newest {@link #AUDIT_FILES} are kept. */
    static final long AUDIT_FILE_BYTES = 64L * 1024 * 1024;
    static final int AUDIT_FILES = 20;
    /** Data events waiting for the audit writer at most; more are dropped, counted. */
    static final int AUDIT_QUEUED_DATA_EVENTS = 10_000;
    /** Where the self-signed TLS certificate goes, inside the data directory. */
    static final String TLS_DIRECTORY = "tls";

    private final LogStore store;
    private final ControlPlane control;
    private final ExecutorService reads;
    private final SubscribeToShardOperation subscribe;
    private final HttpServer http;
    private final ServerCertificate certificate; // null without TLS
    private final DataDirectory dataDirectory;
    private final String authenticationNotice; // null with auth=none
    private final AuditLog audit; // null with audit=false
    private final AutoCloseable triggers;
    private final DynamoDbService dynamoDb;
    private final IamService iam;
    private final Firehose firehose;
    private final ConsoleService console;
    private final HttpFunctionInvoker functions; // one invoker for the triggers and Firehose's transforms

    private RiffleServer(LogStore store, ControlPlane control, ExecutorService reads,
                         SubscribeToShardOperation subscribe, HttpServer http, ServerCertificate certificate,
                         DataDirectory dataDirectory, String authenticationNotice, AuditLog audit,
                         AutoCloseable triggers, DynamoDbService dynamoDb, Firehose firehose, IamService iam,
                         ConsoleService console, HttpFunctionInvoker functions) {
        this.console = console;
        this.triggers = triggers;
        this.functions = functions;
        this.dynamoDb = dynamoDb;
        this.iam = iam;
        this.firehose = firehose;
        this.store = store;
        this.control = control;
        this.reads = reads;
        this.subscribe = subscribe;
        this.http = http;
        this.certificate = certificate;
        this.dataDirectory = dataDirectory;
        this.authenticationNotice = authenticationNotice;
        this.audit = audit;
    }

    /** The wall clock, shifted by {@code offsetMs} when the operator asked for it (logged: every timestamp moves). */
    private static LongSupplier clock(long offsetMs) {
        if (offsetMs == 0) {
            return System::currentTimeMillis;
        }
        log.warn("The clock is shifted by {} ms (clock-offset-ms): arrival timestamps, retention and stream times "
                + "follow {}, not the machine's clock", offsetMs,
                Instant.ofEpochMilli(System.currentTimeMillis() + offsetMs));
        return () -> System.currentTimeMillis() + offsetMs;
    }

    public static RiffleServer start(ServerConfig config) throws IOException {
        NettyMemoryAccess.logAtStart(log);
        LongSupplier clockMs = clock(config.get(ServerConfig.CLOCK_OFFSET_MS));
        StoreConfig storage = StoreConfig.at(config.dataDir()).durability(Durability.parse(config.durability()))
                .clockMs(clockMs)
                .ownerQueueMaxBytes(config.get(ServerConfig.OWNER_QUEUE_MAX_BYTES))
                .journalQueueMaxBytes(config.get(ServerConfig.JOURNAL_QUEUE_MAX_BYTES))
                .unboundedLogIds(Set.of(ControlPlane.METADATA_LOG, DynamoDbService.LOG_NAME, Firehose.EVENT_LOG,
                        MappingStore.LOG_NAME, IamService.LOG_NAME)) // metadata events are never refused busy
                .validate();
        KinesisSettings settings = KinesisConfig.settings(config);
        DataDirectory dataDirectory = DataDirectory.claim(config.dataDir());
        SessionTokens sessions;
        try {
            sessions = SessionKeyFile.open(config.dataDir());
        } catch (IOException | RuntimeException e) {
            dataDirectory.abandon();
            throw e;
        }
        MetricsRegistry metricsRegistry = new MetricsRegistry();
        KinesisApi api = new KinesisApi();
        // The services on the front door: Kinesis Data Streams, STS for the KPL's GetCallerIdentity, Lambda's event
        // source mappings, the DynamoDB subset for the KCL's lease tables and Firehose (the last three served once
        // storage is open; Firehose answers 503 until then).
        TriggersApi triggersApi = new TriggersApi();
        DynamoDbService dynamoDb = new DynamoDbService(config.region(), config.accountId());
        IamService iam = new IamService(config.accountId());
        FirehoseService firehoseApi = new FirehoseService(config.get(ServerConfig.FIREHOSE_CONTROL_PLANE_CALLS_PER_SECOND));
        ConsoleService console = new ConsoleService(config.region(), config.accountId()); // pages under /console/
        StsService sts = new StsService(config.accountId(), sessions, Clock.systemUTC()).roles(iam.roles())
                .managedPolicies(iam.managedPolicies());
        ServiceRouter router = new ServiceRouter(List.of(api, sts, triggersApi, dynamoDb, firehoseApi, iam, console));
        HttpServer http = new HttpServer(config.host(), config.port(), router, HttpServer.DEFAULT_MAX_BODY_BYTES,
                HttpServer.DEFAULT_DRAIN_TIMEOUT_MS, metricsRegistry, null)
                .authenticator(Authenticator.anyCredentials(config.accountId())) // auth=none; sigv4 below
                .cors(CorsPolicy.allowing(config.corsAllowedOrigins(), false)) // authentication is off
                .maxConnections(config.get(ServerConfig.MAX_CONNECTIONS))
                .idleTimeoutMs(config.get(ServerConfig.HTTP_IDLE_TIMEOUT_MS))
                .headerTimeoutMs(config.get(ServerConfig.HTTP_HEADER_TIMEOUT_MS))
                .bodyTimeoutMs(config.get(ServerConfig.HTTP_BODY_TIMEOUT_MS))
                .maxBufferedRequestBytes(config.get(ServerConfig.MAX_BUFFERED_REQUEST_BYTES));
        LogStore store;
        String authenticationNotice = null;
        AuditLog audit = null;
        try {
            DataDirectory.requireOwnerOnly(config.dataDir().resolve(IteratorKeyFile.NAME), "shard-iterator signing key");
            if (config.isAuthenticating()) {
                authenticationNotice = authenticateWithSigV4(config, http, sessions, iam, console);
                iam.enforcePolicies();
                sts.enforce(iam.authorizer());
            }
            if (config.isTls()) {
                DataDirectory.requireOwnerOnly(config.tlsKeyFile() != null ? config.tlsKeyFile()
                                : config.dataDir().resolve(TLS_DIRECTORY).resolve(SelfSignedCertificate.KEY_FILE),
                        "TLS private key" + (config.tlsKeyFile() != null ? " (" + ServerConfig.TLS_KEY_FILE.name() + ")"
                                : ""));
            }
            try {
                http.bind();
            } catch (PortInUseException e) {
                throw new StartFailure(StartFailure.Reason.PORT_IN_USE, "The port " + config.port()
                        + " is in use: stop the other process or pass --port", e);
            }
            store = LogStore.open(storage);
            log.info("storage {}", store.recoveryReport().summary());
            if (config.get(ServerConfig.AUDIT)) {
                audit = AuditLog.open(config.dataDir().resolve(AUDIT_DIRECTORY), AUDIT_FILE_BYTES, AUDIT_FILES,
                        AUDIT_QUEUED_DATA_EVENTS, metricsRegistry);
                http.audit(new AuditRecorder(audit, config.region(), config.accountId(),
                        config.get(ServerConfig.AUDIT_DATA_EVENTS)));
            }
        } catch (IOException | RuntimeException e) {
            if (audit != null) {
                audit.close();
            }
            http.close();
            dataDirectory.abandon();
            throw e;
        }
        ControlPlane control = null;
        ExecutorService reads = null;
        SubscribeToShardOperation subscribe = null;
        AutoCloseable triggers = null;
        Firehose firehose = null;
        HttpFunctionInvoker functions = null;
        try {
            control = new ControlPlane(store, settings, clockMs);
            AtomicInteger readers = new AtomicInteger();
            reads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() * 2), r -> {
                Thread t = new Thread(r, "riffle-read-" + readers.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            KinesisMetrics metrics = new KinesisMetrics(metricsRegistry, control.registry()::all);
            ProcessMetrics.register(metricsRegistry);
            StorageMetrics.register(metricsRegistry, store);
            new StreamOperations(control).operations().forEach(api::register);
            DataOperations data = new DataOperations(control,
                    new ShardIterators(IteratorKeyFile.loadOrCreate(config.dataDir())), reads,
                    KinesisConfig.throughputLimiter(config), metrics);
            data.operations().forEach(api::register);
            api.register(new ListShardsOperation(control).registration());
            new ResourcePolicyOperations(control, settings).operations().forEach(api::register);
            if (config.isAuthenticating()) { // before http.start: no request is served unchecked
                StreamRegistry registry = control.registry();
                api.enforce(new KinesisAccess(iam.authorizer(), config.region(), config.accountId(),
                        registry::resourcePolicy, registry::resourceTags, ListShardsOperation::streamOfToken));
            }
            new ConsumerOperations(control).operations().forEach(api::register);
            new WarmThroughputOperations(control).operations().forEach(api::register);
            subscribe = new SubscribeToShardOperation(control, reads, KinesisConfig.subscriptionSettings(config),
                    consumerLookup(control), metricsRegistry);
            subscribe.registerIn(api);
            ReshardOperations reshards = new ReshardOperations(control);
            reshards.operations().forEach(api::register);
            long scaleEveryMs = config.get(ServerConfig.ON_DEMAND_SCALE_INTERVAL_MS);
            control.scheduleOnDemandScaling(new OnDemandScaler(control, control.traffic(), reshards.splitShard(),
                    scaleEveryMs, config.get(ServerConfig.SHARD_WRITE_BYTES_PER_SECOND),
                    config.get(ServerConfig.SHARD_WRITE_RECORDS_PER_SECOND), metrics), scaleEveryMs);
            functions = new HttpFunctionInvoker(TriggersConfig.invokerSettings(config), metricsRegistry,
                    java.time.InstantSource.system());
            triggers = TriggersConfig.start(config, store, control, reads, new LocalStreamSink(data), metricsRegistry,
                    triggersApi, functions);
            iam.start(store, config.dataDir(), SnapshotPolicy.DEFAULT, java.time.InstantSource.system());
            dynamoDb.start(store, config.get(ServerConfig.DYNAMODB_TABLE_ACTIVATION_MS), SnapshotPolicy.DEFAULT,
                    java.time.InstantSource.system());
            firehose = FirehoseConfig.open(config, store, metricsRegistry, new LocalStreamSource(control, reads),
                    functions);
            firehoseApi.attach(firehose);
            console.attachFirehose(new FirehoseAdmin(firehose));
            console.attach(new LocalStreamSource(control, reads), metricsRegistry);
            ServerCertificate certificate = config.isTls() ? certificate(config) : null;
            http.certificate(certificate);
            http.healthCheck(new StorageHealthCheck(store.health()));
            http.start();
            log.info("serving the Kinesis API on {} with data in {} (durability {})", http.address(),
                    config.dataDir().toAbsolutePath(), storage.durability().configName());
            return new RiffleServer(store, control, reads, subscribe, http, certificate, dataDirectory,
                    authenticationNotice, audit, triggers, dynamoDb, firehose, iam, console, functions);
        } catch (IOException | RuntimeException e) {
            console.close();
            http.close();
            TriggersConfig.close(triggers);
            if (audit != null) {
                audit.close();
            }
            if (subscribe != null) {
                subscribe.close();
            }
            if (firehose != null) {
                firehose.close();
            }
            if (functions != null) {
                functions.close();
            }
            if (control != null) {
                control.close();
            }
            dynamoDb.close();
            iam.close();
            if (reads != null) {
                reads.shutdownNow();
            }
            store.close();
            dataDirectory.close();
            throw e;
        }
    }

    /**
     * Turns SigV4 verification on with the root credentials (the operator's, or the data directory's,
     * generated at the first start) and the session credentials STS issued and says so, for the operator, in one line.
     */
    private static String authenticateWithSigV4(ServerConfig config, HttpServer http, SessionTokens sessions,
                                                IamService iam, ConsoleService console) throws IOException {
        RootCredentials root = RootCredentials.loadOrCreate(config);
        CredentialStore rootKey = CredentialStore.of(AccessKey.accountRoot(config.accountId(), root.accessKeyId(),
                root.secretAccessKey()));
        CredentialStore users = iam.credentials();
        CredentialStore longTerm = id -> rootKey.find(id).or(() -> users.find(id));
        // DynamoDB, Firehose and Lambda's mappings are checked by the front door; Kinesis and IAM check themselves
        // the console's signed-in browsers, on the same keys, then SigV4; either way the same policies apply
        BrowserSessions browsers = new BrowserSessions(sessions.over(longTerm), Clock.systemUTC(),
                BrowserSessions.DEFAULT_LIFETIME);
        console.requireSignIn(browsers);
        http.authenticator(browsers.authenticating(new SigV4Authenticator(sessions.over(longTerm), Clock.systemUTC(),
                config.region())).thenAuthorizing(iam.authorizer()));
        String notice = "Authentication: sigv4 (requests must be signed); root access key " + root.accessKeyId()
                + (root.file() == null ? " from " + ServerConfig.ROOT_ACCESS_KEY_ID.name()
                : (root.isGenerated() ? ", generated into " : " in ") + root.file().toAbsolutePath().normalize());
        log.info(notice);
        return notice;
    }

    @Override
    public Optional<String> authenticationNotice() {
        return Optional.ofNullable(authenticationNotice);
    }

    /** SubscribeToShard's view of the consumers: one being deregistered is already gone. */
    private static ConsumerLookup consumerLookup(ControlPlane control) {
        return arn -> control.registry().consumerByArn(arn)
                .filter(c -> c.status() != ConsumerInfo.ConsumerStatus.DELETING)
                .map(c -> new ConsumerLookup.Consumer(c.arn(), c.name(), c.streamIncarnation(), c.isActive()));
    }

    @Override
    public InetSocketAddress address() {
        return http.address();
    }

    @Override
    public Optional<Path> tlsCertificateFile() {
        return Optional.ofNullable(certificate).map(ServerCertificate::certificateFile);
    }

    /** The operator's certificate and key when both are set, else the self-signed one of the data directory. */
    private static ServerCertificate certificate(ServerConfig config) throws IOException {
        ServerCertificate certificate;
        if (config.tlsCertFile() != null) {
            certificate = ServerCertificate.fromFiles(config.tlsCertFile(),
                    "TLS certificate file (" + ServerConfig.TLS_CERT_FILE.name() + ")", config.tlsKeyFile(),
                    "TLS private key file (" + ServerConfig.TLS_KEY_FILE.name() + ")");
        } else {
            certificate = SelfSignedCertificate.loadOrCreate(config.dataDir().resolve(TLS_DIRECTORY), Clock.systemUTC());
        }
        if (certificate.isExpiredOrNotYetValid(Instant.now())) {
            log.warn("The TLS certificate {} is valid only from {} to {}: clients will refuse it{}",
                    certificate.certificateFile(), certificate.certificate().getNotBefore().toInstant(),
                    certificate.certificate().getNotAfter().toInstant(), certificate.isSelfSigned()
                            ? " (delete it and its key to generate a new one)" : "");
        }
        return certificate;
    }

    @Override
    public void close() {
        subscribe.close(); // subscriptions end first: they would hold the HTTP drain for minutes
        console.close(); // so do the data viewer's live records
        http.close();
        TriggersConfig.close(triggers); // before the control plane and storage its pollers read
        if (audit != null) {
            audit.close(); // after the last answer: its record is written
        }
        firehose.close();
        functions.close(); // after the triggers and Firehose, its two users
        control.close();
        dynamoDb.close();
        iam.close();
        reads.shutdown();
        try {
            reads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        dataDirectory.close(); // last: the next server may open the directory from here on
        log.info("stopped");
    }
}
