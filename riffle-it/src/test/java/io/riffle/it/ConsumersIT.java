package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.expectError;
import static io.riffle.it.Kit.expectInvalid;
import static io.riffle.it.Kit.message;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListStreamConsumersResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Stream consumers (the registry of enhanced fan-out) through the synchronous SDK client:
 * register, describe by ARN and by stream ARN and name, list with pagination, the 20-consumer
 * limit, CREATING then ACTIVE, DELETING then gone, DeleteStream with and without
 * EnforceConsumerDeletion, and consumers that survive a restart and a kill -9.
 *
 * <p>The server keeps streams and consumers CREATING and DELETING for {@link #DELAY_MS}, so those
 * states can be seen (the SDK has no consumer waiter: tests poll DescribeStreamConsumer).
 */
class ConsumersIT {

    private static final long DELAY_MS = 500;
    private static final int CONSUMER_LIMIT = 20;
    private static final String ACCOUNT = SdkClients.ACCOUNT;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(
            "stream-create-delay-ms=" + DELAY_MS, "stream-delete-delay-ms=" + DELAY_MS,
            "max-creating-consumers=" + 2 * CONSUMER_LIMIT); // registers 20 at once; the rule of 5 has its own test

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    @AfterEach
    void deleteAllStreams() {
        List<String> names = new ArrayList<>();
        kinesis().listStreamsPaginator(b -> b.limit(100)).forEach(page -> names.addAll(page.streamNames()));
        for (String name : names) {
            try {
                kinesis().deleteStream(b -> b.streamName(name).enforceConsumerDeletion(true));
            } catch (ResourceNotFoundException alreadyGone) {
                // deleted meanwhile
            }
        }
        names.forEach(name -> Kit.awaitGone(kinesis(), name));
    }

    private static String arnOf(String stream) {
        return SdkClients.streamArn(stream);
    }

    private Consumer register(String stream, String consumer) {
        return kinesis().registerStreamConsumer(b -> b.streamARN(arnOf(stream)).consumerName(consumer)).consumer();
    }

    private ConsumerDescription describe(String consumerArn) {
        return kinesis().describeStreamConsumer(b -> b.consumerARN(consumerArn)).consumerDescription();
    }

    private void awaitActive(String consumerArn) {
        Kit.await(Kit.STATE_DEADLINE, consumerArn + " to be ACTIVE",
                () -> describe(consumerArn).consumerStatus() == ConsumerStatus.ACTIVE);
    }

    private boolean isGone(String consumerArn) {
        try {
            describe(consumerArn);
            return false;
        } catch (ResourceNotFoundException gone) {
            return true;
        }
    }

    private void awaitGone(String consumerArn) {
        Kit.await(Kit.STATE_DEADLINE, consumerArn + " to be gone", () -> isGone(consumerArn));
    }

    private int consumerCount(String stream) {
        return kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().consumerCount();
    }

    private static String notFound(String consumer, String stream) {
        return "Consumer " + consumer + " under stream " + stream + " and account " + ACCOUNT + " not found.";
    }

    @Test
    void aRegisteredConsumerIsCreatingThenActiveAndDescribedByArnOrByStreamAndName() {
        String stream = createActive(kinesis(), name("consumers"), 1);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long registeredAt = System.nanoTime();

        Consumer registered = register(stream, "billing");

        assertThat(registered.consumerName()).isEqualTo("billing");
        assertThat(registered.consumerStatus()).as("status in the RegisterStreamConsumer answer")
                .isEqualTo(ConsumerStatus.CREATING);
        Instant created = registered.consumerCreationTimestamp();
        assertThat(created).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(registered.consumerARN()).as("the Kinesis consumer ARN format")
                .isEqualTo(arnOf(stream) + "/consumer/billing:" + created.getEpochSecond());

        awaitActive(registered.consumerARN());
        assertThat(Duration.ofNanos(System.nanoTime() - registeredAt))
                .as("CREATING lasts the stream-create delay").isGreaterThanOrEqualTo(Duration.ofMillis(DELAY_MS));

        ConsumerDescription byArn = describe(registered.consumerARN());
        assertThat(byArn.consumerName()).isEqualTo("billing");
        assertThat(byArn.consumerARN()).isEqualTo(registered.consumerARN());
        assertThat(byArn.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
        assertThat(byArn.consumerCreationTimestamp()).isEqualTo(created);
        assertThat(byArn.streamARN()).isEqualTo(arnOf(stream));
        ConsumerDescription byName = kinesis().describeStreamConsumer(b -> b.streamARN(arnOf(stream))
                .consumerName("billing")).consumerDescription();
        assertThat(byName).isEqualTo(byArn);
        ConsumerDescription byAll = kinesis().describeStreamConsumer(b -> b.consumerARN(registered.consumerARN())
                .streamARN(arnOf(stream)).consumerName("billing")).consumerDescription();
        assertThat(byAll).isEqualTo(byArn);

        assertThat(consumerCount(stream)).as("ConsumerCount in DescribeStreamSummary").isEqualTo(1);
        ListStreamConsumersResponse listed = kinesis().listStreamConsumers(b -> b.streamARN(arnOf(stream)));
        assertThat(listed.consumers()).extracting(Consumer::consumerARN, Consumer::consumerStatus,
                Consumer::consumerCreationTimestamp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(registered.consumerARN(), ConsumerStatus.ACTIVE,
                        created));
        assertThat(listed.nextToken()).isNull();
    }

    @Test
    void listStreamConsumersPagesWithMaxResultsAndNextToken() {
        String stream = createActive(kinesis(), name("list"), 1);
        List<String> names = List.of("g", "b", "e", "a", "f", "c", "d");
        names.forEach(n -> register(stream, n));

        List<Integer> pageSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        kinesis().listStreamConsumersPaginator(b -> b.streamARN(arnOf(stream)).maxResults(3)).forEach(page -> {
            pageSizes.add(page.consumers().size());
            page.consumers().forEach(c -> seen.add(c.consumerName()));
        });
        assertThat(seen).as("every consumer once, by name").containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(pageSizes).containsExactly(3, 3, 1);

        ListStreamConsumersResponse first = kinesis().listStreamConsumers(b -> b.streamARN(arnOf(stream)).maxResults(5));
        assertThat(first.consumers()).hasSize(5);
        assertThat(first.nextToken()).isNotBlank();
        ListStreamConsumersResponse rest = kinesis().listStreamConsumers(b -> b.streamARN(arnOf(stream))
                .nextToken(first.nextToken()));
        assertThat(rest.consumers()).extracting(Consumer::consumerName).containsExactly("f", "g");
        assertThat(rest.nextToken()).isNull();

        Instant created = kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamCreationTimestamp();
        assertThat(kinesis().listStreamConsumers(b -> b.streamARN(arnOf(stream)).streamCreationTimestamp(created))
                .consumers()).as("StreamCreationTimestamp of this stream").hasSize(7);
        ResourceNotFoundException older = expectError(ResourceNotFoundException.class, () -> kinesis()
                .listStreamConsumers(b -> b.streamARN(arnOf(stream)).streamCreationTimestamp(created.minusSeconds(60))));
        assertThat(message(older)).isEqualTo("Stream " + stream + " under account " + ACCOUNT + " not found.");
        InvalidArgumentException both = expectError(InvalidArgumentException.class, () -> kinesis()
                .listStreamConsumers(b -> b.streamARN(arnOf(stream)).nextToken(first.nextToken())
                        .streamCreationTimestamp(created)));
        assertThat(message(both)).isEqualTo("StreamCreationTimestamp cannot be provided together with NextToken.");
        expectError(InvalidArgumentException.class, () -> kinesis().listStreamConsumers(b -> b.streamARN(arnOf(stream))
                .nextToken("not-a-token")));
    }

    @Test
    void atMostTwentyConsumersPerStreamAndNamesAreUniquePerStream() {
        String stream = createActive(kinesis(), name("limit"), 1);
        String other = createActive(kinesis(), name("limit-other"), 1);
        List<Consumer> consumers = IntStream.range(0, CONSUMER_LIMIT).mapToObj(i -> register(stream, "c" + i)).toList();

        LimitExceededException over = expectError(LimitExceededException.class, () -> register(stream, "one-more"));
        assertThat(message(over)).isEqualTo("Stream " + stream + " under account " + ACCOUNT + " already has "
                + CONSUMER_LIMIT + " registered consumers; the limit is " + CONSUMER_LIMIT + " consumers per stream.");
        ResourceInUseException taken = expectError(ResourceInUseException.class, () -> register(stream, "c0"));
        assertThat(message(taken)).isEqualTo("Consumer c0 under stream " + stream + " and account " + ACCOUNT
                + " already exists.");
        assertThat(register(other, "c0").consumerName()).as("the same name on another stream").isEqualTo("c0");
        assertThat(consumerCount(stream)).isEqualTo(CONSUMER_LIMIT);

        String freed = consumers.get(7).consumerARN();
        kinesis().deregisterStreamConsumer(b -> b.consumerARN(freed));
        awaitGone(freed);
        assertThat(register(stream, "one-more").consumerStatus()).as("registered once a place is free")
                .isEqualTo(ConsumerStatus.CREATING);
    }

    @Test
    void aDeregisteredConsumerIsDeletingThenGone() {
        String stream = createActive(kinesis(), name("deregister"), 1);
        // DELETING is only proven when a DescribeStreamConsumer lands inside the 500 ms; a run where a
        // slow machine let the consumer go first is tried again with another consumer
        boolean sawDeleting = false;
        for (int attempt = 0; attempt < 5 && !sawDeleting; attempt++) {
            String consumer = "leaving-" + attempt;
            String arn = register(stream, consumer).consumerARN();
            awaitActive(arn);
            kinesis().deregisterStreamConsumer(b -> b.streamARN(arnOf(stream)).consumerName(consumer));
            try {
                ConsumerStatus status = describe(arn).consumerStatus();
                assertThat(status).as("right after DeregisterStreamConsumer").isEqualTo(ConsumerStatus.DELETING);
                sawDeleting = true;
            } catch (ResourceNotFoundException alreadyGone) {
                // the delay passed before the describe: try again
            }
            awaitGone(arn);
            ResourceNotFoundException gone = expectError(ResourceNotFoundException.class, () -> describe(arn));
            assertThat(message(gone)).isEqualTo(notFound(consumer, stream));
            expectError(ResourceNotFoundException.class,
                    () -> kinesis().deregisterStreamConsumer(b -> b.consumerARN(arn)));
        }
        assertThat(sawDeleting).as("DELETING seen in one of 5 attempts").isTrue();
        assertThat(kinesis().listStreamConsumers(b -> b.streamARN(arnOf(stream))).consumers()).isEmpty();
        assertThat(consumerCount(stream)).isZero();
    }

    @Test
    void deleteStreamNeedsEnforceConsumerDeletionAndTakesTheConsumersAlong() {
        String stream = createActive(kinesis(), name("delete"), 1);
        String arn = register(stream, "c1").consumerARN();
        String refusal = "DeleteStream can\u2019t delete " + ACCOUNT + ":" + stream + " because there are consumers "
                + "associated with this data stream. To delete " + stream + " anyway, set the EnforceConsumerDeletion "
                + "parameter to true to force the deletion of all the consumers that are associated with it.";

        ResourceInUseException unset = expectError(ResourceInUseException.class,
                () -> kinesis().deleteStream(b -> b.streamName(stream)));
        assertThat(message(unset)).isEqualTo(refusal);
        ResourceInUseException no = expectError(ResourceInUseException.class,
                () -> kinesis().deleteStream(b -> b.streamARN(arnOf(stream)).enforceConsumerDeletion(false)));
        assertThat(message(no)).isEqualTo(refusal);
        assertThat(isGone(arn)).isFalse();

        kinesis().deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        Kit.awaitGone(kinesis(), stream);
        assertThat(isGone(arn)).as("the consumer of a deleted stream").isTrue();

        createActive(kinesis(), stream, 1);
        assertThat(consumerCount(stream)).as("a new stream of the same name has none of the old consumers").isZero();
        assertThat(kinesis().listStreamConsumers(b -> b.streamARN(arnOf(stream))).consumers()).isEmpty();
        expectError(ResourceNotFoundException.class, () -> kinesis().describeStreamConsumer(b -> b
                .streamARN(arnOf(stream)).consumerName("c1")));
    }

    @Test
    void consumersSurviveARestartAndAKill9() {
        String stream = createActive(kinesis(), name("durable"), 1);
        Consumer active = register(stream, "active");
        awaitActive(active.consumerARN());
        Consumer leaving = register(stream, "leaving");
        awaitActive(leaving.consumerARN());
        kinesis().deregisterStreamConsumer(b -> b.consumerARN(leaving.consumerARN()));
        awaitGone(leaving.consumerARN());

        riffle.restart();
        ConsumerDescription afterRestart = describe(active.consumerARN());
        assertThat(afterRestart.consumerName()).isEqualTo("active");
        assertThat(afterRestart.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
        assertThat(afterRestart.consumerCreationTimestamp()).isEqualTo(active.consumerCreationTimestamp());
        assertThat(isGone(leaving.consumerARN())).as("a consumer deregistered before the restart").isTrue();

        // acknowledged registrations are durable: the answer came after the metadata event was synced
        Consumer late = register(stream, "late");
        riffle.kill9AndStart();
        assertThat(kinesis().listStreamConsumers(b -> b.streamARN(arnOf(stream))).consumers())
                .extracting(Consumer::consumerARN).containsExactly(active.consumerARN(), late.consumerARN());
        awaitActive(late.consumerARN());
        assertThat(consumerCount(stream)).isEqualTo(2);
    }

    @Test
    void errorsNameTheProblem() {
        String stream = createActive(kinesis(), name("errors"), 1);
        String arn = register(stream, "c1").consumerARN();
        String missingStream = name("missing");

        ResourceNotFoundException noStream = expectError(ResourceNotFoundException.class,
                () -> register(missingStream, "c1"));
        assertThat(message(noStream)).isEqualTo("Stream " + missingStream + " under account " + ACCOUNT + " not found.");
        expectError(ResourceNotFoundException.class,
                () -> kinesis().listStreamConsumers(b -> b.streamARN(arnOf(missingStream))));
        ResourceNotFoundException noConsumer = expectError(ResourceNotFoundException.class, () -> kinesis()
                .describeStreamConsumer(b -> b.streamARN(arnOf(stream)).consumerName("nobody")));
        assertThat(message(noConsumer)).isEqualTo(notFound("nobody", stream));
        expectError(ResourceNotFoundException.class, () -> describe(arnOf(stream) + "/consumer/nobody:1"));

        InvalidArgumentException neither = expectError(InvalidArgumentException.class,
                () -> kinesis().describeStreamConsumer(b -> b.consumerName("c1")));
        assertThat(message(neither)).isEqualTo("Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
        InvalidArgumentException conflict = expectError(InvalidArgumentException.class,
                () -> kinesis().deregisterStreamConsumer(b -> b.consumerARN(arn).consumerName("c2")));
        assertThat(message(conflict)).isEqualTo("ConsumerARN " + arn
                + " does not name the same consumer as StreamARN and ConsumerName.");

        expectInvalid(() -> register(stream, "not a valid name!"));
        expectInvalid(() -> describe("arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + stream));
        expectInvalid(() -> kinesis().registerStreamConsumer(b -> b.streamARN(arnOf(stream)).consumerName("tagged")
                .tags(java.util.Map.of("team;", "blue"))));
        assertThat(consumerCount(stream)).as("nothing registered by the failed calls").isEqualTo(1);
    }

    /**
     * Consumer tags: given by RegisterStreamConsumer, changed and listed by the consumer's ARN, checked
     * by Kinesis' tag rules (kinesalite's recorded texts) and limit, kept across a restart, and gone
     * with the consumer; the stream's own tags stay apart.
     */
    @Test
    void consumerTagsAreKeptByTheConsumersArn() {
        String stream = createActive(kinesis(), name("ctags"), 1);
        kinesis().addTagsToStream(b -> b.streamName(stream).tags(java.util.Map.of("owner", "stream")));
        String arn = kinesis().registerStreamConsumer(b -> b.streamARN(arnOf(stream)).consumerName("tagged")
                .tags(java.util.Map.of("team", "blue", "env", "test"))).consumer().consumerARN();
        assertThat(tagsOf(arn)).containsExactly(java.util.Map.entry("env", "test"), java.util.Map.entry("team", "blue"));

        kinesis().tagResource(b -> b.resourceARN(arn).tags(java.util.Map.of("team", "red", "tier", "1")));
        kinesis().untagResource(b -> b.resourceARN(arn).tagKeys("env"));
        assertThat(tagsOf(arn)).containsExactly(java.util.Map.entry("team", "red"), java.util.Map.entry("tier", "1"));
        assertThat(tagsOf(arnOf(stream))).containsExactly(java.util.Map.entry("owner", "stream"));

        InvalidArgumentException percent = expectError(InvalidArgumentException.class, () -> kinesis()
                .tagResource(b -> b.resourceARN(arn).tags(java.util.Map.of("a%", "b"))));
        assertThat(message(percent)).contains("illegal characters");
        java.util.Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }
        InvalidArgumentException tooMany = expectError(InvalidArgumentException.class, () -> kinesis()
                .tagResource(b -> b.resourceARN(arn).tags(many)));
        assertThat(message(tooMany)).contains("cannot have more than 50 tags");
        ResourceNotFoundException unknown = expectError(ResourceNotFoundException.class, () -> kinesis()
                .listTagsForResource(b -> b.resourceARN(arnOf(stream) + "/consumer/nobody:1")));
        assertThat(message(unknown)).isEqualTo("Consumer " + arnOf(stream) + "/consumer/nobody:1 under account "
                + ACCOUNT + " not found.");

        riffle.restart();
        assertThat(tagsOf(arn)).containsExactly(java.util.Map.entry("team", "red"), java.util.Map.entry("tier", "1"));
        kinesis().deregisterStreamConsumer(b -> b.consumerARN(arn));
        Kit.await(Kit.STATE_DEADLINE, "the consumer to go", () -> consumerCount(stream) == 0);
        expectError(ResourceNotFoundException.class, () -> tagsOf(arn));
    }

    private java.util.Map<String, String> tagsOf(String resourceArn) {
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
        kinesis().listTagsForResource(b -> b.resourceARN(resourceArn)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }
}
