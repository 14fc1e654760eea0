package io.riffle.examples.leaderboard;

import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.exceptions.KinesisClientLibException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The KCL's record processor for one shard: applies each score event, in the shard's order, to every sink, then
 * checkpoints the batch. A crash between the two makes the KCL deliver the batch again; the sinks' "newer than
 * the last applied" rule makes that harmless.
 */
final class ScoreApplier implements ShardRecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreApplier.class);

    private final List<LeaderboardSink> sinks;
    private String shardId;

    ScoreApplier(List<LeaderboardSink> sinks) {
        this.sinks = sinks;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        LOG.info("applying {} from {}", shardId, input.extendedSequenceNumber());
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        int skipped = 0;
        for (KinesisClientRecord record : input.records()) {
            ByteBuffer data = record.data();
            byte[] json = new byte[data.remaining()];
            data.get(json);
            ScoreEvent event = ScoreEvent.fromJson(json);
            for (LeaderboardSink sink : sinks) {
                if (!applyUntilDone(sink, event)) {
                    skipped++;
                }
            }
        }
        if (skipped > 0) {
            LOG.info("{}: {} updates not newer than the stored ones, skipped", shardId, skipped);
        }
        checkpoint(input.checkpointer());
    }

    /**
     * Applies the event, retrying while the sink fails (a database restarting): the KCL does not deliver a batch
     * again when processRecords throws, so giving up would lose the event.
     */
    private boolean applyUntilDone(LeaderboardSink sink, ScoreEvent event) {
        while (true) {
            try {
                return sink.apply(event);
            } catch (RuntimeException e) {
                LOG.warn("{}: applying {} failed ({}); trying again in 1 s", shardId, event, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while applying " + event, interrupted);
                }
            }
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        // another worker owns the shard now and resumes from the last checkpoint
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        checkpoint(input.checkpointer()); // required: the children start once their parents are checkpointed here
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        checkpoint(input.checkpointer());
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer) {
        try {
            checkpointer.checkpoint();
        } catch (ShutdownException lost) {
            LOG.info("{}: lease lost before the checkpoint; the next owner applies the batch again", shardId);
        } catch (KinesisClientLibException e) {
            // the next checkpoint covers this batch too
            LOG.warn("{}: checkpoint failed: {}", shardId, e.getMessage());
        }
    }
}
