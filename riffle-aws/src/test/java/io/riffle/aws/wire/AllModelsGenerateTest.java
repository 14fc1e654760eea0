package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.codegen.Generator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every service model we keep (src/test/resources/aws-models, copies of ../shared/aws-models; Kinesis' in riffle-kinesis) generates, and the
 * sources compile against the wire runtime with the build's own strictness ({@code -Xlint:all -Werror}).
 */
@Tag("slow")
class AllModelsGenerateTest {

    @ParameterizedTest
    @ValueSource(strings = {"kinesis", "firehose", "dynamodb", "lambda", "iam", "sts", "kms", "kinesisanalyticsv2",
            "cloudwatch"})
    void theModelGeneratesAndCompilesWithoutWarnings(String service, @TempDir Path dir) throws IOException {
        // Kinesis' model lives once, in the module that serves it
        Path model = service.equals("kinesis") ? Path.of("../riffle-kinesis/src/main/resources/kinesis/service-2.json")
                : Path.of("src/test/resources/aws-models", service, "service-2.json");
        Path sources = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));

        Generator.main(new String[] {model.toString(), sources.toString(), "generated." + service});

        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            boolean isCompiled = javac.getTask(diagnostics, fm, null,
                    List.of("--release", "21", "-Xlint:all", "-Xlint:-processing", "-Werror", "-proc:none",
                            "-d", classes.toString(), "-classpath", System.getProperty("java.class.path")),
                    null, fm.getJavaFileObjectsFromPaths(files)).call();
            assertThat(diagnostics.toString()).isEmpty();
            assertThat(isCompiled).isTrue();
        }
    }
}
