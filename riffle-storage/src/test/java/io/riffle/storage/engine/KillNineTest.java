package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.riffle.storage.Durability;
import io.riffle.storage.LogCapture;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: a child JVM appends and reports each acknowledged append; after
 * each kill the store is opened here and every acknowledged record must be present, intact and
 * in order, with nothing half-written visible. The children alternate durability fsync and none: a killed
 * process leaves its page cache behind, so none (whose journal confirms batches by their headers only, the
 * records being in the segments alone) keeps every acknowledged append too.
 */
@Tag("slow") // 20 child JVMs: the full run only (bin/test), not bin/test --fast
class KillNineTest {
    /** After a kill -9, recovery cuts the tails no acknowledgement covers, and says so (and nothing else). */
    @RegisterExtension
    final LogCapture logs = LogCapture.ofNames("io.riffle.storage.engine")
            .expect(Level.WARN, "cut \\d+ bytes from (position|offset) \\d+");

    private static final int KILLS = 20;
    private static final int LOGS = 4;

    @TempDir
    Path temp;

    @Test
    void everyAcknowledgedAppendSurvivesKillNine() throws Exception {
        long seed = Long.getLong("riffle.test.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = temp.resolve("store");
        Map<String, Long> acknowledgedEnd = new HashMap<>();
        long totalAcks = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Durability durability = kill % 2 == 0 ? Durability.FSYNC : Durability.NONE;
            String context = "seed " + seed + ", kill " + kill + ", durability " + durability;
            Process child = new ProcessBuilder(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), dir.toString(), String.valueOf(LOGS), String.valueOf(random.nextLong()),
                    durability.name())
                    .redirectError(temp.resolve("child-" + kill + ".err").toFile())
                    .start();
            List<String> lines = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(1);
            CountDownLatch acked = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (line.equals("READY")) {
                            ready.countDown();
                        } else if (line.startsWith("ACK ")) {
                            acked.countDown();
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the child died
                }
            });
            reader.start();
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("%s: child started", context).isTrue();
            // every kill lands after an acknowledgement, so each round checks acknowledged data; the random delay
            // only varies where in the writing it lands
            assertThat(acked.await(60, TimeUnit.SECONDS)).as("%s: the child acknowledged an append", context).isTrue();
            Thread.sleep(random.nextInt(700));
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(30_000);
            synchronized (lines) {
                for (String line : lines) {
                    String[] f = line.split(" ");
                    if (f[0].equals("ACK")) {
                        acknowledgedEnd.merge(f[1], Long.parseLong(f[2]) + Long.parseLong(f[3]), Math::max);
                        totalAcks++;
                    }
                    assertThat(f[0]).as("%s: %s", context, line).isNotEqualTo("FAIL");
                }
            }
            try (EmbeddedLogStore store = EmbeddedLogStore.open(StoreConfig.at(dir))) {
                for (int i = 0; i < LOGS; i++) {
                    String id = "k" + i;
                    if (store.get(id).isEmpty()) {
                        assertThat(acknowledgedEnd.getOrDefault(id, 0L)).as(context).isZero();
                        continue;
                    }
                    ShardLog log = store.get(id).orElseThrow();
                    assertThat(log.endPosition()).as("%s: end of %s", context, id)
                            .isGreaterThanOrEqualTo(acknowledgedEnd.getOrDefault(id, 0L));
                    assertThat(readAll(log)).as("%s: %s", context, id).hasSize((int) log.endPosition());
                    acknowledgedEnd.put(id, log.endPosition());
                }
                if (kill % 2 == 1) {
                    store.closeAbruptly(); // and sometimes the verifier crashes too
                }
            }
        }
        assertThat(totalAcks).as("the children acknowledged appends").isGreaterThan(KILLS);
        assertThat(logs.unexpected()).isEmpty();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
