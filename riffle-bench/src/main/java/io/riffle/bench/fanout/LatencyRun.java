package io.riffle.bench.fanout;

import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.PhaseCost;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.common.SdkErrors;
import io.riffle.bench.kinesis.GetRecordsPoller;
import io.riffle.bench.kinesis.PacedPutter;
import io.riffle.bench.kinesis.PutToReceiveLatency;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * One latency run of {@link FanOutBench}: a new stream, a reader on every shard (a registered
 * consumer's SubscribeToShard from LATEST, or a GetRecords poller from a LATEST iterator), then a
 * {@link PacedPutter} at a fixed rate: a warm-up, the measured window, and a drain until every
 * acknowledged record was received. Problems (records lost or repeated, failed calls, a producer
 * that could not hold its rate) are added to the caller's list.
 *
 * <p>Used by the main thread only.
 */
public final class LatencyRun {
    private static final long FIRST_EVENT_TIMEOUT_S = 30;
    private static final long SETTLE_TIMEOUT_MS = 30_000;

    private final FanOutOptions options;
    private final URI endpoint;
    private final long serverPid;
    private final KinesisClient admin;
    private final ScheduledExecutorService retries;
    private final PrintStream progress;
    private final List<String> problems;
    private final List<String> notes;

    /** Problems fail the run; notes are worth saying but expected (a renewal refused by the 5-second rule). */
    LatencyRun(FanOutOptions options, URI endpoint, long serverPid, KinesisClient admin,
               ScheduledExecutorService retries, PrintStream progress, List<String> problems, List<String> notes) {
        this.options = options;
        this.endpoint = endpoint;
        this.serverPid = serverPid;
        this.admin = admin;
        this.retries = retries;
        this.progress = progress;
        this.problems = problems;
        this.notes = notes;
    }

    static String pathName(boolean isPush, long pollSleepMs) {
        return isPush ? "SubscribeToShard (push)"
                : "GetRecords (poll; " + pollSleepMs + " ms sleep after an empty answer)";
    }

    LatencyResult run(boolean isPush, int rate) throws InterruptedException {
        String label = (isPush ? "push" : "poll") + " " + rate + "/s";
        String stream = "fanout-latency-" + (isPush ? "push-" : "poll-") + rate + "-" + System.currentTimeMillis();
        List<String> shardIds = FanOutStreams.create(admin, stream, options.shards());
        RecordLedger ledger = new RecordLedger(1);
        PutToReceiveLatency latency = new PutToReceiveLatency(ledger);
        FanOutClients.EventLoops loops = FanOutClients.eventLoops();
        KinesisAsyncClient producerClient = FanOutClients.create(endpoint, loops);
        KinesisAsyncClient subscriberClient = isPush ? FanOutClients.create(endpoint, loops) : null;
        KinesisClient pollClient = isPush ? null : KinesisClients.create(endpoint, shardIds.size());
        List<FanOutSubscriber> subscribers = new ArrayList<>();
        List<GetRecordsPoller> pollers = new ArrayList<>();
        List<Thread> pollerThreads = new ArrayList<>();
        try {
            if (isPush) {
                String consumerArn = FanOutStreams.registerConsumer(admin, stream, "latency");
                for (String shardId : shardIds) {
                    FanOutSubscriber s = new FanOutSubscriber(subscriberClient, consumerArn, shardId,
                            FanOutSubscriber.from(ShardIteratorType.LATEST), latency::accept, retries);
                    subscribers.add(s);
                    s.start();
                }
                for (FanOutSubscriber s : subscribers) {
                    try {
                        s.firstEvent.get(FIRST_EVENT_TIMEOUT_S, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        throw new IllegalStateException("a subscription to " + stream + " got no first event: "
                                + (e.getCause() == null ? e : SdkErrors.describe(e.getCause())) + " " + s.errors());
                    }
                }
            } else {
                for (String shardId : shardIds) {
                    String iterator = admin.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                            .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
                    GetRecordsPoller p = new GetRecordsPoller(pollClient, shardId, iterator, options.pollSleepMs(),
                            latency::accept);
                    pollers.add(p);
                    Thread t = new Thread(p, "fan-out-poller-" + shardId);
                    t.setDaemon(true);
                    t.start();
                    pollerThreads.add(t);
                }
            }

            PacedPutter putter = new PacedPutter(producerClient, stream, options.recordBytes(), rate,
                    TimeUnit.MILLISECONDS.toNanos(options.batchIntervalMs()), ledger, latency, options.seed());
            Thread producer = new Thread(putter, "fan-out-producer");
            producer.setDaemon(true);
            producer.start();
            watch(label + ", warm-up", options.warmupSeconds(), putter, latency);

            PhaseCost.Meter meter = PhaseCost.begin(serverPid);
            long windowStart = System.nanoTime();
            latency.startWindow(windowStart);
            long putCallsAtStart = putter.calls.get();
            long[] getCallsAtStart = pollCalls(pollers);
            watch(label + ", measuring", options.seconds(), putter, latency);
            long windowEnd = System.nanoTime();
            latency.endWindow(windowEnd);
            PhaseCost cost = meter.end();
            long putCalls = putter.calls.get() - putCallsAtStart;
            long[] getCallsAtEnd = pollCalls(pollers);
            double windowSeconds = (windowEnd - windowStart) / 1e9;

            putter.stop();
            producer.join();
            settle(putter, latency);
            subscribers.forEach(FanOutSubscriber::stop);
            pollers.forEach(GetRecordsPoller::stop);
            for (Thread t : pollerThreads) {
                t.join();
            }
            check(label, putter, latency, ledger, subscribers, pollers);

            Histogram h = latency.micros();
            boolean isTimed = h.getTotalCount() > 0;
            String calls = String.format(Locale.ROOT, "PutRecords %,.0f/s", putCalls / windowSeconds);
            if (!isPush) {
                long gets = getCallsAtEnd[0] - getCallsAtStart[0];
                long empty = getCallsAtEnd[1] - getCallsAtStart[1];
                calls += String.format(Locale.ROOT, ", GetRecords %,.0f/s (%.0f%% empty)", gets / windowSeconds,
                        gets == 0 ? 0 : 100.0 * empty / gets);
            }
            Histogram puts = putter.putMicros();
            return new LatencyResult(pathName(isPush, options.pollSleepMs()), isPush, rate,
                    putter.ackedInWindow.get() / windowSeconds, h.getTotalCount(),
                    isTimed ? h.getValueAtPercentile(50) : -1, isTimed ? h.getValueAtPercentile(99) : -1,
                    isTimed ? h.getValueAtPercentile(99.9) : -1, isTimed ? h.getMaxValue() : -1,
                    puts.getTotalCount() > 0 ? puts.getValueAtPercentile(50) : -1,
                    puts.getTotalCount() > 0 ? puts.getValueAtPercentile(99) : -1, calls, cost);
        } finally {
            subscribers.forEach(FanOutSubscriber::stop);
            pollers.forEach(GetRecordsPoller::stop);
            producerClient.close();
            if (subscriberClient != null) {
                subscriberClient.close();
            }
            if (pollClient != null) {
                pollClient.close();
            }
            FanOutClients.shutdown(loops);
            String failure = FanOutStreams.delete(admin, stream);
            if (failure != null) {
                problems.add(failure);
            }
        }
    }

    /** Waits until every call is answered and every acknowledged record has arrived (or a timeout). */
    private static void settle(PacedPutter putter, PutToReceiveLatency latency) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        while ((putter.outstanding() > 0 || latency.received() < putter.acked.get())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    private void check(String label, PacedPutter putter, PutToReceiveLatency latency, RecordLedger ledger,
                       List<FanOutSubscriber> subscribers, List<GetRecordsPoller> pollers) {
        RecordLedger.Comparison c = ledger.compare(3);
        if (!c.isClean()) {
            problems.add(String.format(Locale.ROOT, "%s: acknowledged %,d, received %,d distinct; acknowledged but "
                            + "not received %,d (e.g. %s); received but not acknowledged %,d; received twice %,d; "
                            + "not ours %,d",
                    label, c.acked(), c.read(), c.lost(), c.lostExamples(), c.unacked(), c.readTwice(), c.unknown()));
        }
        if (latency.outOfOrder() > 0) {
            problems.add(label + ": " + latency.outOfOrder() + " records out of sequence-number order, e.g. "
                    + latency.outOfOrderExample());
        }
        if (putter.outstanding() > 0) {
            problems.add(label + ": " + putter.outstanding() + " PutRecords calls still unanswered after "
                    + SETTLE_TIMEOUT_MS / 1000 + " s");
        }
        for (Map.Entry<String, Long> e : putter.errors().entrySet()) {
            problems.add(label + ": PutRecords failed, " + e.getKey() + " (" + e.getValue() + " records)");
        }
        if (putter.deferredTicks.get() > 0) {
            problems.add(label + ": the producer could not hold its rate: " + putter.deferredTicks.get() + " ticks found "
                    + PacedPutter.MAX_OUTSTANDING_CALLS + " calls unanswered and sent late");
        }
        for (FanOutSubscriber s : subscribers) {
            if (s.isFailed()) {
                problems.add(label + ": the subscription failed: " + s.errors());
            }
            if (s.renewals() > 0 || !s.refusals().isEmpty()) {
                notes.add(label + ": " + s.renewals() + " subscription renewals; SubscribeToShard calls refused and "
                        + "tried again " + FanOutSubscriber.RETRY_DELAY_MS + " ms later: " + s.refusals());
            }
        }
        for (GetRecordsPoller p : pollers) {
            p.errors.forEach((what, n) -> problems.add(label + ": GetRecords failed " + n + " times: " + what));
        }
    }

    private static long[] pollCalls(List<GetRecordsPoller> pollers) {
        long calls = 0;
        long empty = 0;
        for (GetRecordsPoller p : pollers) {
            calls += p.calls;
            empty += p.emptyCalls;
        }
        return new long[] {calls, empty};
    }

    /** Sleeps {@code seconds}, printing what went through once a second. */
    private void watch(String label, double seconds, PacedPutter putter, PutToReceiveLatency latency)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long lastNanos = start;
        long lastAcked = putter.acked.get();
        long lastReceived = latency.received();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(end - now, TimeUnit.SECONDS.toNanos(1)));
            now = System.nanoTime();
            double dt = (now - lastNanos) / 1e9;
            long acked = putter.acked.get();
            long received = latency.received();
            progress.printf(Locale.ROOT, "[%s %4.1f s] acknowledged %,8.0f records/s, received %,8.0f records/s, "
                            + "%d calls in flight%n", label, (now - start) / 1e9, (acked - lastAcked) / dt,
                    (received - lastReceived) / dt, putter.outstanding());
            lastNanos = now;
            lastAcked = acked;
            lastReceived = received;
        }
    }
}
