package io.riffle.kinesis.control;

import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.UpdateStreamWarmThroughputInput;
import io.riffle.kinesis.api.UpdateStreamWarmThroughputOutput;
import io.riffle.kinesis.api.WarmThroughputObject;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.Registration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Warm throughput: the write throughput (MiB/s) an on-demand stream keeps ready ahead of its load.
 * UpdateStreamWarmThroughput (and CreateStream's WarmThroughputMiBps) records it; the stream is
 * UPDATING for the reshard delay, DescribeStreamSummary reports it ({@link #describe}), and the
 * on-demand scaler keeps at least {@link #floorShards} open shards (a shard takes 1 MiB/s of writes).
 *
 * <p>As the API reference says, only ON_DEMAND streams in an account whose
 * MinimumThroughputBillingCommitment is ENABLED take it, up to 10 GiB/s. The model names the
 * errors (ValidationException is its capacity-mode mismatch, LimitExceededException the ceiling);
 * no emulator recorded Kinesis' texts for them, so these messages are Riffle's, in Kinesis' manner.
 */
public final class WarmThroughputOperations {
    /** Kinesis' default ceiling: 10 GiB/s per on-demand stream. */
    static final int MAX_MIBPS = 10_240;
    /** A shard's write limit, 1 MiB/s: the warm throughput each open shard provides. */
    private static final int SHARD_MIBPS = 1;

    private final ControlPlane control;

    public WarmThroughputOperations(ControlPlane control) {
        this.control = control;
    }

    public List<Registration<?, ?>> operations() {
        return List.of(Registration.of(KinesisOperations.UPDATE_STREAM_WARM_THROUGHPUT, this::update));
    }

    private CompletableFuture<UpdateStreamWarmThroughputOutput> update(UpdateStreamWarmThroughputInput r) {
        int target = r.warmThroughputMiBps() == null ? 0 : r.warmThroughputMiBps();
        return control.submit(() -> {
            StreamInfo s = control.resolve(r.streamName(), r.streamARN());
            if (s.status() != StreamInfo.StreamStatus.ACTIVE) {
                throw control.notActive(s, "ACTIVE");
            }
            check(control, s.name(), s.mode(), target);
            UpdateStreamWarmThroughputOutput out = new UpdateStreamWarmThroughputOutput(
                    control.settings().streamArn(s.name()), s.name(),
                    new WarmThroughputObject(target, currentMiBps(s)));
            return ControlPlane.Change.of(out, StreamRegistry.warmThroughputEvent(s, target, control.nowMs()));
        });
    }

    /** Refuses a warm throughput the stream (of this capacity mode) or the account cannot take. */
    static void check(ControlPlane control, String stream, String mode, int targetMiBps) {
        String account = control.settings().accountId();
        if (!mode.equals("ON_DEMAND")) {
            throw validation("Warm throughput is not supported for stream " + stream + " under account " + account
                    + " because its capacity mode is " + mode + "; it requires ON_DEMAND.");
        }
        if (!isCommitmentEnabled(control)) {
            throw validation("Warm throughput requires the MinimumThroughputBillingCommitment of account " + account
                    + " to be ENABLED.");
        }
        if (targetMiBps > MAX_MIBPS) {
            throw KinesisError.LIMIT_EXCEEDED.exception("Warm throughput of " + targetMiBps + " MiBps for stream "
                    + stream + " under account " + account + " exceeds the limit of " + MAX_MIBPS + " MiBps.");
        }
    }

    private static KinesisException validation(String message) {
        return KinesisError.VALIDATION.exception(message);
    }

    private static boolean isCommitmentEnabled(ControlPlane control) {
        return BillingCommitment.of(control.registry().accountSettings()).at(control.nowMs()).isEnabled();
    }

    /**
     * The WarmThroughput DescribeStreamSummary shows: only for an ON_DEMAND stream in an account with
     * the commitment enabled (the model: "only present" then); the target when one was set.
     */
    static WarmThroughputObject describe(ControlPlane control, StreamInfo s) {
        if (!s.mode().equals("ON_DEMAND") || !isCommitmentEnabled(control)) {
            return null;
        }
        return new WarmThroughputObject(control.registry().warmThroughputMiBps(s.incarnation()).orElse(null),
                currentMiBps(s));
    }

    private static int currentMiBps(StreamInfo s) {
        return Math.toIntExact(s.openShardCount() * SHARD_MIBPS);
    }

    /** The open shards an on-demand stream keeps for its warm throughput (0 when none is set). */
    static int floorShards(StreamRegistry registry, StreamInfo s) {
        return (registry.warmThroughputMiBps(s.incarnation()).orElse(0) + SHARD_MIBPS - 1) / SHARD_MIBPS;
    }
}
