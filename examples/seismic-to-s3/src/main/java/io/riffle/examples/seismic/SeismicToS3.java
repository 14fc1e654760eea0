package io.riffle.examples.seismic;

import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * The seismic scenario's command line (see README.md):
 * <pre>
 * seismic transform [--host 127.0.0.1] [--port 9000] [--function seismic-filter]
 * seismic produce   [--endpoint URL] [--delivery-stream seismic] [--bucket seismic] [--function seismic-filter]
 *                   [--readings 1000] [--seed 1] [--buffer-seconds 60]
 * </pre>
 * {@code transform} serves {@link SeismicFilter} behind the Lambda invoke contract until stopped; {@code produce}
 * creates the delivery stream if needed and puts the readings.
 */
public final class SeismicToS3 {
    private static final Logger log = LoggerFactory.getLogger(SeismicToS3.class);

    private SeismicToS3() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw usage("a command: transform or produce");
        }
        Map<String, String> options = options(args);
        String function = options.getOrDefault("function", "seismic-filter");
        switch (args[0]) {
            case "transform" -> {
                LambdaInvokeServer<KinesisFirehoseEvent, ?> server = new LambdaInvokeServer<>(function,
                        new SeismicFilter(), KinesisFirehoseEvent.class, options.getOrDefault("host", "127.0.0.1"),
                        Integer.parseInt(options.getOrDefault("port", "9000")));
                log.info("serving {}: start Riffle with --set function.{}.url={}", function, function,
                        server.invokeUrl());
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    stopped.countDown();
                }));
                stopped.await();
            }
            case "produce" -> {
                String name = options.getOrDefault("delivery-stream", "seismic");
                try (FirehoseClient firehose = firehose(URI.create(options.getOrDefault("endpoint",
                        "http://127.0.0.1:4567")))) {
                    ReadingProducer.ensureDeliveryStream(firehose, name,
                            "arn:aws:s3:::" + options.getOrDefault("bucket", "seismic"),
                            functionArn(function), Integer.parseInt(options.getOrDefault("buffer-seconds", "60")));
                    ReadingProducer.send(firehose, name, ReadingProducer.payloads(
                            Integer.parseInt(options.getOrDefault("readings", "1000")),
                            Long.parseLong(options.getOrDefault("seed", "1"))));
                }
            }
            default -> throw usage("a command: transform or produce, not " + args[0]);
        }
    }

    /** A function name as the ARN Firehose's LambdaArn parameter wants (an ARN given is kept). */
    static String functionArn(String function) {
        return function.startsWith("arn:") ? function : "arn:aws:lambda:us-east-1:000000000000:function:" + function;
    }

    /** The SDK's Firehose client for an endpoint; region and credentials from the usual AWS settings, else local ones. */
    static FirehoseClient firehose(URI endpoint) {
        Region region = Region.of(System.getenv().getOrDefault("AWS_REGION",
                System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1")));
        boolean hasCredentials = System.getenv("AWS_ACCESS_KEY_ID") != null || System.getenv("AWS_PROFILE") != null;
        AwsCredentialsProvider credentials = hasCredentials ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        return FirehoseClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .build();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw usage("options as --name value, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static IllegalArgumentException usage(String expected) {
        return new IllegalArgumentException("expected " + expected + "\nusage: seismic transform [--port 9000]"
                + " [--function seismic-filter] | seismic produce [--endpoint URL] [--delivery-stream seismic]"
                + " [--bucket seismic] [--readings 1000] [--seed 1] [--buffer-seconds 60]");
    }
}
