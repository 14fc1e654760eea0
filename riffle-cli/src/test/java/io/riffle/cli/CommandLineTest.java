package io.riffle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument parsing of the client commands: usage mistakes are exit code 2 before anything is sent. */
class CommandLineTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = RiffleCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpListsTheClientCommandsAndTheExitCodes() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("(?m)^  stream\\b").containsPattern("(?m)^  tail\\b")
                .containsPattern("(?m)^  put\\b").containsPattern("(?m)^  bench\\b").containsPattern("(?m)^  replay\\b")
                .containsPattern("(?m)^  consumers\\b").containsPattern("(?m)^  completion\\b")
                .contains("Exit codes:").contains("throwaway");
    }

    @Test
    void usageMistakesExitWith2() {
        assertThat(run("stream", "scale", "s").exitCode()).isEqualTo(2); // --shards, --on-demand or --provisioned
        assertThat(run("stream", "scale", "s", "--shards", "2", "--on-demand").exitCode()).isEqualTo(2);
        assertThat(run("tail").exitCode()).isEqualTo(2);
        assertThat(run("tail", "s", "--decode", "morse").exitCode()).isEqualTo(2);
        assertThat(run("stream", "nope").exitCode()).isEqualTo(2);
    }

    @Test
    void mistakesFoundAfterParsingExitWith2AndSayWhy() {
        Run run = run("tail", "s", "--from", "4959033827149025660855969253836157109592157598913658889");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("riffle tail: --from SEQUENCE_NUMBER needs --shard");
        Run bad = run("put", "s", "--key-field", "id");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("riffle put: --key-field needs --format json");
    }

    @Test
    void completionIsABashScriptCoveringTheCommands() {
        Run run = run("completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash").contains("tail").contains("--from").contains("complete -F");
    }
}
