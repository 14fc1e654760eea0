package io.riffle.it;

import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/**
 * The {@code riffle} client commands against a server with TLS and SigV4 verification: they trust
 * the server's certificate with {@code --ca-bundle}, sign every call (HTTP/1.1 calls and the
 * HTTP/2 SubscribeToShard) with the credential chain's keys, and say what to do when either fails.
 */
class CliSecureIT {

    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot("tls=true");

    @TempDir
    java.nio.file.Path tmp;

    private RiffleCli cli;
    private KinesisClient kinesis;

    @BeforeEach
    void setUp() {
        cli = new RiffleCli(riffle.endpoint(), tmp);
        kinesis = riffle.kinesis();
    }

    @Test
    void signedCallsOverTlsIncludingAPushedTail() throws Exception {
        String certificate = riffle.server().tlsCertificate().toString();
        String stream = name("cli-tls");

        RiffleCli.Result created = cli.run("stream", "create", stream, "--ca-bundle", certificate);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        RiffleCli.Result registered = cli.env("AWS_CA_BUNDLE", certificate).run("consumers", "register", stream, "tls-viewer");
        assertThat(registered.exitCode()).as(registered.toString()).isZero();
        String consumerArn = kinesis.listStreamConsumers(r -> r.streamARN(kinesis.describeStreamSummary(d -> d.streamName(stream))
                .streamDescriptionSummary().streamARN())).consumers().get(0).consumerARN();
        Kit.await(Kit.STATE_DEADLINE, "consumer ACTIVE", () -> kinesis.describeStreamConsumer(r -> r.consumerARN(consumerArn))
                .consumerDescription().consumerStatus() == ConsumerStatus.ACTIVE);

        try (RiffleCli.Running tail = cli.start("tail", stream, "--consumer", "tls-viewer", "--from", "trim-horizon",
                "--data-only")) {
            RiffleCli.Result put = cli.run("put", stream, "over", "tls", "--partition-key", "k");
            assertThat(put.exitCode()).as(put.toString()).isZero();
            kinesis.putRecord(r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("from the sdk")));

            assertThat(tail.nextLines(3, LINE_TIMEOUT)).containsExactly("over", "tls", "from the sdk");
        }
    }

    @Test
    void anUntrustedCertificateSaysToPassTheCaBundle() {
        RiffleCli.Result result = cli.run("stream", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).startsWith("riffle stream list: TLS with " + riffle.endpoint() + " failed (")
                .endsWith("): for a Riffle server's own certificate pass --ca-bundle DIR/tls/riffle.crt\n");
    }

    @Test
    void unknownCredentialsGetKinesisError() {
        RiffleCli.Result result = cli.env("AWS_CA_BUNDLE", riffle.server().tlsCertificate().toString())
                .env("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000").run("stream", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("riffle stream list: UnrecognizedClientException: The security token"
                + " included in the request is invalid.\n");
    }
}
