package io.riffle.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DynamoDB subset through boto3 (src/test/python/dynamodb_scenario.py): tables, expressions and legacy forms,
 * paging, errors, and conditional writes racing from 8 threads. Needs python3 with boto3 on the PATH.
 */
class Boto3DynamoDbIT {

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @TempDir
    Path tmp;

    @Test
    void boto3DynamoDbScenarioPasses() throws Exception {
        String out = PythonScenario.run("dynamodb_scenario.py", riffle.endpoint().toString(),
                "OK: the boto3 DynamoDB scenario passed", tmp, 180);
        System.out.println("boto3 DynamoDB scenario output:\n" + out);
    }
}
