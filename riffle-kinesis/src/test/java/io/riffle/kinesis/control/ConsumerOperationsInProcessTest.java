package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.TreeCalls;
import io.riffle.kinesis.protocol.TreeCalls.TreeOperation;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.LogStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer operations against a real store and control plane, without HTTP. States that
 * last a delay are seen without timing: a control plane opened with delays of an hour keeps
 * consumers CREATING and DELETING; reopened with delays of 0 ms, it ends them at start.
 */
class ConsumerOperationsInProcessTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long HOUR_MS = 3_600_000;
    private static final String ACCOUNT = "000000000000";

    @TempDir
    Path temp;
    private LogStore store;
    private ControlPlane control;
    private final Map<String, TreeOperation> ops = new HashMap<>();

    private void open(KinesisSettings settings) throws Exception {
        store = LogStore.open(StoreConfig.at(temp.resolve("data")));
        control = new ControlPlane(store, settings, System::currentTimeMillis);
        ops.clear();
        ops.putAll(TreeCalls.byName(new StreamOperations(control).operations()));
        ops.putAll(TreeCalls.byName(new ConsumerOperations(control).operations()));
        ops.put("ListShards", TreeCalls.of(new ListShardsOperation(control).registration()));
    }

    private void openWithoutDelays() throws Exception {
        open(KinesisSettings.defaults().withDelays(0, 0));
    }

    private void openWithHourDelays() throws Exception {
        open(KinesisSettings.defaults().withDelays(HOUR_MS, HOUR_MS));
    }

    @AfterEach
    void close() {
        if (control != null) {
            control.close();
            store.close();
            control = null;
        }
    }

    private void reopen(KinesisSettings settings) throws Exception {
        close();
        open(settings);
    }

    private ObjectNode call(String op, ObjectNode request) {
        try {
            return ops.get(op).invoke(request).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode req() {
        return JSON.objectNode();
    }

    private static String streamArn(String name) {
        return "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + name;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("never happened: " + what);
    }

    private String createActiveStream(String name) throws Exception {
        call("CreateStream", req().put("StreamName", name).put("ShardCount", 1));
        await(name + " ACTIVE", () -> streamStatus(name).equals("ACTIVE"));
        return name;
    }

    private String streamStatus(String name) {
        return summary(name).path("StreamStatus").asText();
    }

    private JsonNode summary(String name) {
        return call("DescribeStreamSummary", req().put("StreamName", name)).path("StreamDescriptionSummary");
    }

    private JsonNode register(String stream, String consumer) {
        return call("RegisterStreamConsumer", req().put("StreamARN", streamArn(stream)).put("ConsumerName", consumer))
                .path("Consumer");
    }

    private JsonNode describeByArn(String consumerArn) {
        return call("DescribeStreamConsumer", req().put("ConsumerARN", consumerArn)).path("ConsumerDescription");
    }

    private JsonNode describeByName(String stream, String consumer) {
        return call("DescribeStreamConsumer", req().put("StreamARN", streamArn(stream)).put("ConsumerName", consumer))
                .path("ConsumerDescription");
    }

    private boolean isGone(String consumerArn) {
        try {
            describeByArn(consumerArn);
            return false;
        } catch (KinesisException e) {
            return e.error() == KinesisError.RESOURCE_NOT_FOUND;
        }
    }

    private static void expect(KinesisError error, String message, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KinesisException.class,
                e -> assertThat(e.error()).as("error of '%s'", e.getMessage()).isEqualTo(error)).hasMessage(message);
    }

    @Test
    void registerDescribeBothWaysListAndDeregister() throws Exception {
        openWithoutDelays();
        createActiveStream("s");
        long before = System.currentTimeMillis();

        JsonNode registered = register("s", "billing");

        String arn = registered.path("ConsumerARN").asText();
        long created = registered.path("ConsumerCreationTimestamp").asLong();
        assertThat(registered.path("ConsumerName").asText()).isEqualTo("billing");
        assertThat(registered.path("ConsumerStatus").asText()).isEqualTo("CREATING");
        assertThat(created).isBetween(before, System.currentTimeMillis());
        assertThat(arn).isEqualTo(streamArn("s") + "/consumer/billing:" + created / 1000);
        assertThat(registered.has("StreamARN")).as("the Consumer shape has no StreamARN").isFalse();

        await("billing ACTIVE", () -> describeByArn(arn).path("ConsumerStatus").asText().equals("ACTIVE"));
        JsonNode byArn = describeByArn(arn);
        assertThat(byArn.path("ConsumerName").asText()).isEqualTo("billing");
        assertThat(byArn.path("ConsumerARN").asText()).isEqualTo(arn);
        assertThat(byArn.path("ConsumerCreationTimestamp").asLong()).isEqualTo(created);
        assertThat(byArn.path("StreamARN").asText()).isEqualTo(streamArn("s"));
        assertThat(describeByName("s", "billing")).isEqualTo(byArn);
        assertThat(call("DescribeStreamConsumer", req().put("ConsumerARN", arn).put("StreamARN", streamArn("s"))
                .put("ConsumerName", "billing")).path("ConsumerDescription")).as("all three, agreeing").isEqualTo(byArn);
        assertThat(control.registry().consumerByArn(arn)).hasValueSatisfying(c -> {
            assertThat(c.isActive()).isTrue();
            assertThat(c.streamName()).isEqualTo("s");
            assertThat(c.streamIncarnation()).isEqualTo(control.registry().byName("s").incarnation());
        });

        JsonNode listed = call("ListStreamConsumers", req().put("StreamARN", streamArn("s")));
        assertThat(listed.path("Consumers")).hasSize(1);
        assertThat(listed.path("Consumers").get(0).path("ConsumerARN").asText()).isEqualTo(arn);
        assertThat(listed.path("Consumers").get(0).path("ConsumerStatus").asText()).isEqualTo("ACTIVE");
        assertThat(listed.has("NextToken")).isFalse();
        assertThat(summary("s").path("ConsumerCount").asInt()).isEqualTo(1);

        call("DeregisterStreamConsumer", req().put("StreamARN", streamArn("s")).put("ConsumerName", "billing"));
        await("billing gone", () -> isGone(arn));
        expect(KinesisError.RESOURCE_NOT_FOUND, "Consumer billing under stream s and account " + ACCOUNT + " not found.",
                () -> describeByName("s", "billing"));
        assertThat(summary("s").path("ConsumerCount").asInt()).isZero();
        assertThat(call("ListStreamConsumers", req().put("StreamARN", streamArn("s"))).path("Consumers")).isEmpty();
        assertThat(control.registry().consumerByArn(arn)).isEmpty();
    }

    @Test
    void creatingAndDeletingLastTheStreamDelaysAndSurviveARestart() throws Exception {
        openWithoutDelays();
        createActiveStream("s");
        reopen(KinesisSettings.defaults().withDelays(HOUR_MS, HOUR_MS));
        String a = register("s", "a").path("ConsumerARN").asText();
        String b = register("s", "b").path("ConsumerARN").asText();
        assertThat(describeByArn(a).path("ConsumerStatus").asText()).isEqualTo("CREATING");

        reopen(KinesisSettings.defaults().withDelays(0, HOUR_MS));
        await("CREATING ends at start with a create delay of 0", () ->
                describeByArn(a).path("ConsumerStatus").asText().equals("ACTIVE")
                        && describeByArn(b).path("ConsumerStatus").asText().equals("ACTIVE"));
        call("DeregisterStreamConsumer", req().put("ConsumerARN", b));
        reopen(KinesisSettings.defaults().withDelays(HOUR_MS, HOUR_MS));
        String c = register("s", "c").path("ConsumerARN").asText();

        reopen(KinesisSettings.defaults().withDelays(HOUR_MS, HOUR_MS));
        assertThat(describeByArn(a).path("ConsumerStatus").asText()).isEqualTo("ACTIVE");
        assertThat(describeByArn(b).path("ConsumerStatus").asText()).isEqualTo("DELETING");
        assertThat(describeByArn(c).path("ConsumerStatus").asText()).isEqualTo("CREATING");
        assertThat(summary("s").path("ConsumerCount").asInt()).as("DELETING and CREATING ones count").isEqualTo(3);
        // deregistering again while DELETING is accepted and changes nothing
        call("DeregisterStreamConsumer", req().put("ConsumerARN", b));
        assertThat(describeByArn(b).path("ConsumerStatus").asText()).isEqualTo("DELETING");
        expect(KinesisError.RESOURCE_IN_USE, "Consumer b under stream s and account " + ACCOUNT + " already exists.",
                () -> register("s", "b"));

        reopen(KinesisSettings.defaults().withDelays(0, 0));
        await("DELETING ends at start with a delete delay of 0", () -> isGone(b));
        await("c ACTIVE", () -> describeByArn(c).path("ConsumerStatus").asText().equals("ACTIVE"));
        String bAgain = register("s", "b").path("ConsumerARN").asText();
        assertThat(bAgain).as("a consumer registered again gets a new ARN").isNotEqualTo(b);
        assertThat(call("ListStreamConsumers", req().put("StreamARN", streamArn("s"))).path("Consumers"))
                .extracting(j -> j.path("ConsumerName").asText()).containsExactly("a", "b", "c");
    }

    @Test
    void atMostTheConfiguredNumberOfConsumersPerStream() throws Exception {
        open(KinesisSettings.defaults().withDelays(0, 0).withMaxConsumersPerStream(3));
        createActiveStream("s");
        createActiveStream("t");
        for (String name : new String[] {"a", "b", "c"}) {
            register("s", name);
        }

        expect(KinesisError.LIMIT_EXCEEDED, "Stream s under account " + ACCOUNT + " already has 3 registered "
                + "consumers; the limit is 3 consumers per stream.", () -> register("s", "d"));
        expect(KinesisError.RESOURCE_IN_USE, "Consumer a under stream s and account " + ACCOUNT + " already exists.",
                () -> register("s", "a"));
        assertThat(register("t", "a").path("ConsumerStatus").asText()).as("names are per stream").isEqualTo("CREATING");

        String c = describeByName("s", "c").path("ConsumerARN").asText();
        call("DeregisterStreamConsumer", req().put("ConsumerARN", c));
        await("c gone", () -> isGone(c));
        assertThat(register("s", "d").path("ConsumerName").asText()).as("a freed place").isEqualTo("d");
    }

    @Test
    void listPagesByNameWithNextTokenAndMaxResults() throws Exception {
        openWithoutDelays();
        createActiveStream("s");
        createActiveStream("other");
        List<String> names = List.of("g", "b", "e", "a", "f", "c", "d");
        names.forEach(n -> register("s", n));

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        JsonNode page = call("ListStreamConsumers", req().put("StreamARN", streamArn("s")).put("MaxResults", 3));
        while (true) {
            page.path("Consumers").forEach(c -> seen.add(c.path("ConsumerName").asText()));
            pageSizes.add(page.path("Consumers").size());
            if (!page.hasNonNull("NextToken")) {
                break;
            }
            page = call("ListStreamConsumers", req().put("StreamARN", streamArn("s")).put("MaxResults", 3)
                    .put("NextToken", page.path("NextToken").asText()));
        }
        assertThat(seen).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(pageSizes).containsExactly(3, 3, 1);

        String token = call("ListStreamConsumers", req().put("StreamARN", streamArn("s")).put("MaxResults", 6))
                .path("NextToken").asText();
        assertThat(call("ListStreamConsumers", req().put("StreamARN", streamArn("s")).put("NextToken", token))
                .path("Consumers")).extracting(c -> c.path("ConsumerName").asText()).containsExactly("g");
        expect(KinesisError.INVALID_ARGUMENT, "Invalid NextToken.", () -> call("ListStreamConsumers",
                req().put("StreamARN", streamArn("other")).put("NextToken", token)));
        expect(KinesisError.INVALID_ARGUMENT, "StreamCreationTimestamp cannot be provided together with NextToken.",
                () -> call("ListStreamConsumers", req().put("StreamARN", streamArn("s")).put("NextToken", token)
                        .put("StreamCreationTimestamp", 1_000L)));

        long createdMs = summary("s").path("StreamCreationTimestamp").asLong();
        assertThat(call("ListStreamConsumers", req().put("StreamARN", streamArn("s"))
                .put("StreamCreationTimestamp", createdMs)).path("Consumers")).hasSize(7);
        expect(KinesisError.RESOURCE_NOT_FOUND, "Stream s under account " + ACCOUNT + " not found.",
                () -> call("ListStreamConsumers", req().put("StreamARN", streamArn("s"))
                        .put("StreamCreationTimestamp", createdMs - 5_000)));
        assertThat(call("ListStreamConsumers", req().put("StreamARN", streamArn("other"))).path("Consumers")).isEmpty();
    }

    @Test
    void aPageHoldsAtMostOneHundredConsumers() throws Exception {
        open(KinesisSettings.defaults().withDelays(0, 0).withMaxConsumersPerStream(150));
        createActiveStream("s");
        for (int i = 0; i < 101; i++) {
            register("s", String.format("c%03d", i));
        }

        JsonNode first = call("ListStreamConsumers", req().put("StreamARN", streamArn("s")).put("MaxResults", 10_000));
        assertThat(first.path("Consumers")).as("MaxResults above 100 gives 100").hasSize(100);
        JsonNode rest = call("ListStreamConsumers", req().put("StreamARN", streamArn("s"))
                .put("NextToken", first.path("NextToken").asText()));
        assertThat(rest.path("Consumers")).extracting(c -> c.path("ConsumerName").asText()).containsExactly("c100");
        assertThat(call("ListStreamConsumers", req().put("StreamARN", streamArn("s"))).path("Consumers"))
                .as("the default page").hasSize(100);
        assertThat(summary("s").path("ConsumerCount").asInt()).isEqualTo(101);
    }

    @Test
    void deleteStreamNeedsEnforceConsumerDeletionWhileConsumersAreRegistered() throws Exception {
        openWithoutDelays();
        createActiveStream("s");
        String arn = register("s", "c1").path("ConsumerARN").asText();
        String refusal = "DeleteStream can\u2019t delete " + ACCOUNT + ":s because there are consumers associated with "
                + "this data stream. To delete s anyway, set the EnforceConsumerDeletion parameter to true to force "
                + "the deletion of all the consumers that are associated with it.";

        expect(KinesisError.RESOURCE_IN_USE, refusal, () -> call("DeleteStream", req().put("StreamName", "s")));
        expect(KinesisError.RESOURCE_IN_USE, refusal, () -> call("DeleteStream", req().put("StreamName", "s")
                .put("EnforceConsumerDeletion", false)));
        assertThat(streamStatus("s")).isEqualTo("ACTIVE");

        call("DeleteStream", req().put("StreamARN", streamArn("s")).put("EnforceConsumerDeletion", true));
        await("s gone", () -> control.registry().byName("s") == null);
        assertThat(control.registry().consumerByArn(arn)).as("the consumer went with its stream").isEmpty();

        createActiveStream("s");
        assertThat(summary("s").path("ConsumerCount").asInt()).as("a new stream of the same name").isZero();
        assertThat(call("ListStreamConsumers", req().put("StreamARN", streamArn("s"))).path("Consumers")).isEmpty();
        assertThat(isGone(arn)).isTrue();
    }

    @Test
    void enforcedDeletionShowsTheConsumersDeletingAndDeregisteredOnesDoNotHoldTheStream() throws Exception {
        openWithoutDelays();
        createActiveStream("s");
        createActiveStream("t");
        reopen(KinesisSettings.defaults().withDelays(HOUR_MS, HOUR_MS));
        String c1 = register("s", "c1").path("ConsumerARN").asText();
        String c2 = register("s", "c2").path("ConsumerARN").asText();
        String leaving = register("t", "leaving").path("ConsumerARN").asText();

        call("DeleteStream", req().put("StreamName", "s").put("EnforceConsumerDeletion", true));
        assertThat(streamStatus("s")).isEqualTo("DELETING");
        assertThat(describeByArn(c1).path("ConsumerStatus").asText()).isEqualTo("DELETING");
        assertThat(describeByArn(c2).path("ConsumerStatus").asText()).isEqualTo("DELETING");
        expect(KinesisError.RESOURCE_IN_USE, "Stream s under account " + ACCOUNT + " not ACTIVE or UPDATING, instead in "
                + "state DELETING", () -> register("s", "c3"));

        call("DeregisterStreamConsumer", req().put("ConsumerARN", leaving));
        call("DeleteStream", req().put("StreamName", "t"));
        assertThat(streamStatus("t")).as("only DELETING consumers: no EnforceConsumerDeletion needed")
                .isEqualTo("DELETING");

        reopen(KinesisSettings.defaults().withDelays(0, 0));
        await("both streams gone", () -> control.registry().byName("s") == null
                && control.registry().byName("t") == null);
        assertThat(control.registry().allConsumers()).isEmpty();
    }

    /**
     * The API reference: "you cannot have more than 5 consumers in a CREATING status at the same time"
     * (in the account: streams apart count together); one that turns ACTIVE, or is deregistered, frees
     * a place. The consumer delay is its own setting, apart from the streams'.
     */
    @Test
    void atMostFiveConsumersAreCreatingAtOnceInTheAccount() throws Exception {
        openWithoutDelays();
        createActiveStream("s");
        createActiveStream("t");
        reopen(KinesisSettings.defaults().withDelays(0, 0).withConsumerCreation(HOUR_MS, 5));
        for (String name : List.of("a", "b", "c")) {
            register("s", name);
        }
        register("t", "d");
        String e = register("t", "e").path("ConsumerARN").asText();
        expect(KinesisError.LIMIT_EXCEEDED, "Account " + ACCOUNT + " already has 5 consumers in CREATING status; only 5 "
                + "consumers can be created at the same time.", () -> register("s", "f"));
        call("DeregisterStreamConsumer", req().put("ConsumerARN", e));
        assertThat(register("s", "f").path("ConsumerStatus").asText()).as("a DELETING one does not count")
                .isEqualTo("CREATING");
        assertThat(streamStatus("s")).as("streams are not held by the consumers' delay").isEqualTo("ACTIVE");
    }

    @Test
    void errorsNameTheProblem() throws Exception {
        openWithoutDelays();
        createActiveStream("s");
        String arn = register("s", "c1").path("ConsumerARN").asText();
        String missing = "Consumer nobody under stream s and account " + ACCOUNT + " not found.";

        expect(KinesisError.RESOURCE_NOT_FOUND, "Stream nope under account " + ACCOUNT + " not found.",
                () -> register("nope", "c1"));
        expect(KinesisError.RESOURCE_NOT_FOUND, "Stream nope under account " + ACCOUNT + " not found.",
                () -> describeByName("nope", "c1"));
        expect(KinesisError.RESOURCE_NOT_FOUND, "Stream nope under account " + ACCOUNT + " not found.",
                () -> call("ListStreamConsumers", req().put("StreamARN", streamArn("nope"))));
        expect(KinesisError.RESOURCE_NOT_FOUND, missing, () -> describeByName("s", "nobody"));
        expect(KinesisError.RESOURCE_NOT_FOUND, missing, () -> describeByArn(streamArn("s") + "/consumer/nobody:1"));
        expect(KinesisError.RESOURCE_NOT_FOUND, missing, () -> call("DeregisterStreamConsumer",
                req().put("StreamARN", streamArn("s")).put("ConsumerName", "nobody")));
        expect(KinesisError.RESOURCE_NOT_FOUND, "Consumer c1 under stream s and account " + ACCOUNT + " not found.",
                () -> describeByArn(arn.substring(0, arn.lastIndexOf(':') + 1) + "1"));

        String neither = "Either ConsumerARN or both StreamARN and ConsumerName must be provided.";
        expect(KinesisError.INVALID_ARGUMENT, neither, () -> call("DescribeStreamConsumer", req()));
        expect(KinesisError.INVALID_ARGUMENT, neither, () -> call("DescribeStreamConsumer",
                req().put("ConsumerName", "c1")));
        expect(KinesisError.INVALID_ARGUMENT, neither, () -> call("DeregisterStreamConsumer",
                req().put("StreamARN", streamArn("s"))));
        expect(KinesisError.INVALID_ARGUMENT, "ConsumerARN " + arn + " does not name the same consumer as StreamARN "
                + "and ConsumerName.", () -> call("DescribeStreamConsumer", req().put("ConsumerARN", arn)
                        .put("ConsumerName", "c2")));
        expect(KinesisError.INVALID_ARGUMENT, "ConsumerARN " + arn + " does not name the same consumer as StreamARN "
                + "and ConsumerName.", () -> call("DeregisterStreamConsumer", req().put("ConsumerARN", arn)
                        .put("StreamARN", streamArn("other"))));
        String foreign = "arn:aws:kinesis:eu-west-1:" + ACCOUNT + ":stream/s/consumer/c1:1";
        expect(KinesisError.INVALID_ARGUMENT, "Invalid ConsumerARN " + foreign + ": this server is region us-east-1, "
                + "account " + ACCOUNT + ".", () -> describeByArn(foreign));

        ObjectNode tagged = req().put("StreamARN", streamArn("s")).put("ConsumerName", "c2");
        tagged.putObject("Tags").put("team;", "blue");
        expect(KinesisError.INVALID_ARGUMENT, "Some tags contain invalid characters. Valid characters: Unicode letters, "
                + "digits, white space, _ . / = + - % @ :.", () -> call("RegisterStreamConsumer", tagged));
        assertThat(control.registry().consumers(control.registry().byName("s").incarnation())).hasSize(1);

        reopen(KinesisSettings.defaults().withDelays(HOUR_MS, HOUR_MS));
        call("CreateStream", req().put("StreamName", "young").put("ShardCount", 1));
        expect(KinesisError.RESOURCE_IN_USE, "Stream young under account " + ACCOUNT + " not ACTIVE or UPDATING, instead in "
                + "state CREATING", () -> register("young", "c1"));
    }
}
