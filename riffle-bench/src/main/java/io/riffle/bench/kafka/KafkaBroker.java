package io.riffle.bench.kafka;

import io.riffle.bench.common.ChildJvm;
import io.riffle.bench.common.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker in KRaft mode (one process that is both broker and controller)
 * as a child process of {@link KafkaComparison}, run from Kafka's own jars in
 * {@code riffle-bench/target/kafka-libs} (copied there by the build; never part of a Riffle jar).
 * It is set up the way Kafka's quick start does it: a {@code server.properties}, the storage
 * directory formatted with {@code kafka.tools.StorageTool format} (what {@code kafka-storage.sh
 * format} runs), then {@code kafka.Kafka server.properties} (what {@code kafka-server-start.sh}
 * runs), with the JVM options given (the comparison gives it the same heap as Riffle). Ready once
 * it logged {@code Kafka Server started}. Everything lives in a fresh directory, deleted at
 * {@link #close()} unless the broker ended badly.
 *
 * <p>Used by the main thread only.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern STARTED = Pattern.compile("^\\[.*\\] INFO \\[KafkaRaftServer nodeId=1\\] Kafka Server started.*$");
    private static final Pattern KAFKA_JAR = Pattern.compile("^kafka_2\\.13-(.+)\\.jar$");

    private final ChildJvm jvm;
    private final String version;
    private final String bootstrapServers;
    private final double secondsToStart;

    private KafkaBroker(ChildJvm jvm, String version, String bootstrapServers, double secondsToStart) {
        this.jvm = jvm;
        this.version = version;
        this.bootstrapServers = bootstrapServers;
        this.secondsToStart = secondsToStart;
    }

    /**
     * Formats and starts a broker in a new directory under {@code parent}, with {@code settings}
     * added to its server.properties; waits until it has started.
     */
    static KafkaBroker start(Path libsDir, List<String> jvmOptions, List<String> settings, Path parent)
            throws IOException, InterruptedException {
        String version = version(libsDir);
        Files.createDirectories(parent);
        Path runDir = Files.createTempDirectory(parent, "kafka-broker-");
        int brokerPort = freePort();
        int controllerPort = freePort();
        Path properties = runDir.resolve("server.properties");
        List<String> lines = new ArrayList<>(List.of(
                "# written by riffle-bench KafkaComparison: one node, broker and KRaft controller in one process",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + runDir.resolve("kafka-logs"),
                // one node: internal topics cannot have more replicas (as in Kafka's quick-start server.properties)
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false"));
        lines.addAll(settings);
        Files.write(properties, lines, StandardCharsets.UTF_8);
        Path log4j = runDir.resolve("log4j2.properties");
        Files.writeString(log4j, """
                # the broker logs INFO and above to stdout (KafkaBroker waits for "Kafka Server started" there)
                rootLogger.level = INFO
                rootLogger.appenderRef.stdout.ref = STDOUT
                appender.stdout.type = Console
                appender.stdout.name = STDOUT
                appender.stdout.layout.type = PatternLayout
                appender.stdout.layout.pattern = [%d] %p %m (%c)%n
                """, StandardCharsets.UTF_8);
        String classPath = libsDir.toAbsolutePath() + "/*";

        List<String> format = List.of(ChildJvm.javaExecutable(), "-Xmx256m", "-cp", classPath, "kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString());
        ChildJvm formatter = ChildJvm.launch(runDir, "format", format);
        int formatted = formatter.awaitExit(FORMAT_TIMEOUT);
        formatter.release();
        if (formatted != 0) {
            formatter.kill();
            String out = formatter.stdoutTail(20) + "\n" + formatter.stderrTail(20);
            Dirs.deleteRecursively(runDir);
            throw new IOException("formatting Kafka's storage failed (exit " + formatted + "): "
                    + String.join(" ", format) + "\n" + out);
        }

        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j, "-Djava.awt.headless=true", "-cp", classPath,
                "kafka.Kafka", properties.toString()));
        ChildJvm jvm = ChildJvm.launch(runDir, "broker", command);
        try {
            jvm.awaitLine(STARTED, START_TIMEOUT, "the Kafka broker");
        } catch (IOException | RuntimeException | InterruptedException e) {
            jvm.stop();
            throw e;
        }
        return new KafkaBroker(jvm, version, "127.0.0.1:" + brokerPort, jvm.secondsSinceLaunch());
    }

    /** The Kafka version of the jars in {@code libsDir}; fails with how to get them when there are none. */
    static String version(Path libsDir) throws IOException {
        if (Files.isDirectory(libsDir)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(libsDir, "kafka_2.13-*.jar")) {
                for (Path jar : jars) {
                    Matcher m = KAFKA_JAR.matcher(jar.getFileName().toString());
                    if (m.matches()) {
                        return m.group(1);
                    }
                }
            }
        }
        throw new IOException("no Kafka broker jars in " + libsDir.toAbsolutePath() + ": build them with "
                + "./mvnw -q -B -pl riffle-cli,riffle-bench -am package -DskipTests (or give --kafka-libs)");
    }

    /** A port nobody listens on now (the broker binds it a moment later; a clash shows as a failed start). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String version() {
        return version;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    long pid() {
        return jvm.pid();
    }

    List<String> command() {
        return jvm.command();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    double secondsToStart() {
        return secondsToStart;
    }

    /** The end of the broker's log. */
    String logTail(int lines) {
        return jvm.stdoutTail(lines) + "\n" + jvm.stderrTail(lines);
    }

    /** SIGTERM (Kafka's controlled shutdown), then SIGKILL after 30 s; the exit code. */
    int stop() {
        return jvm.stop();
    }

    @Override
    public void close() throws IOException {
        int code = stop();
        jvm.release();
        if (ChildJvm.isCleanExit(code)) {
            Dirs.deleteRecursively(jvm.runDir());
        } else {
            Dirs.deleteRecursively(jvm.runDir().resolve("kafka-logs"));
            System.err.println("bench: the Kafka broker exited with code " + code + "; its logs are kept in "
                    + jvm.runDir());
        }
    }
}
