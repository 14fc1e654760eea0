package io.riffle.cli.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.Table;
import io.riffle.cli.client.UsageException;
import java.util.ArrayList;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/** {@code riffle consumers list|register|deregister}: a stream's enhanced fan-out consumers. */
@Command(name = "consumers", mixinStandardHelpOptions = true,
        description = "List, register and deregister a stream's enhanced fan-out consumers.",
        subcommands = {
            ConsumersCommand.List.class, ConsumersCommand.Register.class, ConsumersCommand.Deregister.class,
            CommandLine.HelpCommand.class})
public final class ConsumersCommand implements Runnable {

    private static final long POLL_MS = 250;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** A registered consumer of {@code stream}, by name; a clear error when there is none. */
    public static ConsumerDescription describe(KinesisCommand command, String stream, String consumer) {
        String arn = Streams.summary(command.clientOptions().client(), stream).streamARN();
        return command.clientOptions().client()
                .describeStreamConsumer(r -> r.streamARN(arn).consumerName(consumer)).join().consumerDescription();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a stream's consumers.")
    static final class List extends KinesisCommand {
        @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
        String stream;

        @Override
        protected int run() {
            String arn = Streams.summary(kinesis(), stream).streamARN();
            java.util.List<Consumer> consumers = new ArrayList<>();
            String next = null;
            do {
                String token = next;
                var page = token == null ? kinesis().listStreamConsumers(r -> r.streamARN(arn)).join()
                        : kinesis().listStreamConsumers(r -> r.streamARN(arn).nextToken(token)).join();
                consumers.addAll(page.consumers());
                next = page.nextToken();
            } while (next != null);
            if (isJson()) {
                ObjectNode root = SdkJson.MAPPER.createObjectNode();
                ArrayNode array = root.putArray("Consumers");
                consumers.forEach(c -> array.add(SdkJson.tree(c)));
                printJson(root);
            } else if (consumers.isEmpty()) {
                println("stream " + stream + " has no enhanced fan-out consumers"
                        + " (register one: riffle consumers register " + stream + " NAME)");
            } else {
                Table table = new Table("CONSUMER", "STATUS", "CREATED", "ARN");
                consumers.forEach(c -> table.row(c.consumerName(), c.consumerStatusAsString(),
                        c.consumerCreationTimestamp(), c.consumerARN()));
                out().print(table.render(terminal()));
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register an enhanced fan-out consumer and wait until it is ACTIVE.")
    static final class Register extends KinesisCommand {
        @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
        String stream;

        @Parameters(index = "1", paramLabel = "CONSUMER", description = "Consumer name.")
        String consumer;

        @Option(names = "--no-wait", description = "Return at once instead of waiting for ACTIVE.")
        boolean isNoWait;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait for ACTIVE (default ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        protected int run() throws InterruptedException {
            String arn = Streams.summary(kinesis(), stream).streamARN();
            Consumer registered = kinesis().registerStreamConsumer(r -> r.streamARN(arn).consumerName(consumer))
                    .join().consumer();
            String status = registered.consumerStatusAsString();
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            while (!isNoWait && registered.consumerStatus() != ConsumerStatus.ACTIVE) {
                if (System.nanoTime() > deadline) {
                    throw new UsageException("consumer " + consumer + " is still " + status + " after "
                            + timeoutSeconds + " s (--timeout)");
                }
                Thread.sleep(POLL_MS);
                ConsumerDescription now = kinesis().describeStreamConsumer(r -> r.consumerARN(registered.consumerARN()))
                        .join().consumerDescription();
                status = now.consumerStatusAsString();
                if (now.consumerStatus() == ConsumerStatus.ACTIVE) {
                    break;
                }
            }
            if (isJson()) {
                printJson(SdkJson.MAPPER.createObjectNode().put("ConsumerName", consumer)
                        .put("ConsumerARN", registered.consumerARN()).put("ConsumerStatus", isNoWait ? status : "ACTIVE"));
            } else {
                println("registered consumer " + consumer + " on " + stream + ": "
                        + (isNoWait ? status : terminal().green("ACTIVE")) + " (" + registered.consumerARN() + ")");
            }
            return 0;
        }
    }

    @Command(name = "deregister", mixinStandardHelpOptions = true, description = "Deregister a consumer.")
    static final class Deregister extends KinesisCommand {
        @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
        String stream;

        @Parameters(index = "1", paramLabel = "CONSUMER", description = "Consumer name.")
        String consumer;

        @Override
        protected int run() {
            String arn = Streams.summary(kinesis(), stream).streamARN();
            kinesis().deregisterStreamConsumer(r -> r.streamARN(arn).consumerName(consumer)).join();
            if (isJson()) {
                printJson(SdkJson.MAPPER.createObjectNode().put("ConsumerName", consumer).put("ConsumerStatus", "DELETING"));
            } else {
                println("deregistering consumer " + consumer + " of " + stream);
            }
            return 0;
        }
    }

}
