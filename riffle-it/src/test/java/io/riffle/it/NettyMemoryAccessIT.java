package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A server started as bin/riffle starts it reaches Netty's buffers through sun.misc.Unsafe and says nothing of it;
 * one started on JDK 25+ without {@code --sun-misc-unsafe-memory-access=allow}, where Netty falls back to checked
 * access, serves all the same and tells the operator what to add.
 */
class NettyMemoryAccessIT {
    private static final String WARNING = "Netty accesses its buffers without sun.misc.Unsafe";

    @Test
    void aServerStartedAsBinRiffleStartsItGivesNoWarning() {
        try (RiffleServerProcess server = RiffleServerProcess.start("unsafe-allowed")) {
            assertThat(server.stderr()).doesNotContain(WARNING);
        }
    }

    @Test
    void onJdk25AServerWithoutTheOptionWarnsWithTheFixAndServes() {
        assumeTrue(Runtime.version().feature() >= 25, "Netty falls back to checked access from JDK 25");
        try (RiffleServerProcess server = RiffleServerProcess.start("unsafe-refused", List.of());
             KinesisClient kinesis = SdkClients.sync(server.endpoint(), null)) {
            assertThat(server.stderr()).contains(WARNING)
                    .contains("Start the JVM with --sun-misc-unsafe-memory-access=allow");
            assertThat(kinesis.listStreams().streamNames()).isEmpty();
        }
    }
}
