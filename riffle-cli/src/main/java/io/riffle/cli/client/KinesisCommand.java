package io.riffle.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Base of the commands that call a Kinesis endpoint: the shared options, the client (closed when
 * the command ends), stdout and the terminal. Failures go to {@link Failures}.
 */
public abstract class KinesisCommand implements Callable<Integer>, Failures.HasClient {

    @Mixin
    protected ClientOptions options;

    @Spec
    protected CommandSpec spec;

    private Terminal terminal;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } finally {
            options.close();
        }
    }

    /** The command's work; returns the exit code. */
    protected abstract int run() throws Exception;

    @Override
    public ClientOptions clientOptions() {
        return options;
    }

    protected KinesisAsyncClient kinesis() {
        return options.client();
    }

    protected boolean isJson() {
        return options.output() == OutputFormat.JSON;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected Terminal terminal() {
        if (terminal == null) {
            terminal = Terminal.detect(System.getenv());
        }
        return terminal;
    }

    protected void printJson(JsonNode node) {
        out().println(SdkJson.write(node));
        out().flush();
    }

    protected void println(String line) {
        out().println(line);
        out().flush();
    }
}
