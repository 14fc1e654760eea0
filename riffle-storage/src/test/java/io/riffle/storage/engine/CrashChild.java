package io.riffle.storage.engine;

import io.riffle.storage.TestRecords;
import io.riffle.storage.AppendResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.Durability;
import io.riffle.storage.StoreConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The child JVM of {@link KillNineTest}: appends to a few logs without end (the durability its fourth
 * argument names, default fsync) and prints {@code ACK log first count} for each acknowledged append, until it is killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int logs = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        Durability durability = args.length > 3 ? Durability.valueOf(args[3]) : Durability.FSYNC;
        StoreConfig config = StoreConfig.at(dir).segmentMaxBytes(256 * 1024).checkpointIntervalMs(200)
                .journalFileMaxBytes(512 * 1024).durability(durability);
        EmbeddedLogStore store = EmbeddedLogStore.open(config);
        List<ShardLog> shards = new ArrayList<>();
        for (int i = 0; i < logs; i++) {
            String id = "k" + i;
            shards.add(store.get(id).isPresent() ? store.get(id).get() : store.create(id));
        }
        PrintStream out = System.out;
        out.println("READY");
        out.flush();
        Random random = new Random(seed);
        Semaphore inFlight = new Semaphore(16);
        long[] next = new long[logs];
        for (int i = 0; i < logs; i++) {
            next[i] = shards.get(i).endPosition();
        }
        while (true) {
            int i = random.nextInt(logs);
            ShardLog log = shards.get(i);
            int count = 1 + random.nextInt(40);
            long first = next[i];
            next[i] += count;
            inFlight.acquire();
            CompletableFuture<AppendResult> f = log.append(TestRecords.batch(log.id(), first, count,
                    System.currentTimeMillis()));
            f.thenAccept(r -> {
                inFlight.release();
                synchronized (out) {
                    if (r.isOk()) {
                        out.println("ACK " + log.id() + " " + r.firstPosition() + " " + r.count());
                    } else {
                        out.println("FAIL " + log.id() + " " + first + " " + r.status() + " " + r.detail());
                    }
                    out.flush();
                }
            });
        }
    }
}
