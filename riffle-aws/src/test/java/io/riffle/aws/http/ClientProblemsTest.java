package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientProblemsTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ClientProblems problems = new ClientProblems(scheduler, 3_600_000);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aBurstIsOneSummaryLineWithTheCountPerCause() {
        for (int i = 0; i < 1_000; i++) {
            problems.record(ClientProblems.Cause.MALFORMED_HTTP, "client", "garbage");
        }
        problems.record(ClientProblems.Cause.HEADER_TIMEOUT, "client", "late");
        assertThat(problems.takeSummary()).startsWith("Client problems in the last 3600 s")
                .contains("1000 malformed HTTP/1 requests, 1 connections closed after the header timeout")
                .doesNotContain("\n");
    }

    @Test
    void aSummaryCountsOnlyWhatCameSinceTheLastOne() {
        problems.record(ClientProblems.Cause.DISCONNECTED, "client", "reset");
        assertThat(problems.takeSummary()).contains("1 connections reset");
        assertThat(problems.takeSummary()).isNull();
        assertThat(problems.total(ClientProblems.Cause.DISCONNECTED)).isEqualTo(1);
    }
}
