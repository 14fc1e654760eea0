package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** ExpiredIteratorException as Kinesis words it, times as Kinesis prints them, on a server whose iterators live 1 ms. */
class ExpiredIteratorIT {

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("iterator-ttl-ms=1");

    @Test
    void anExpiredIteratorPrintsItsTimesAsKinesisDoes() {
        KinesisClient kinesis = riffle.kinesis();
        String name = createActive(kinesis, name("expired"), 1);
        String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        // a probe, not a timing threshold: the iterator expires once the server's clock has moved 2 ms on
        ExpiredIteratorException expired = null;
        for (int attempt = 0; attempt < 1_000 && expired == null; attempt++) {
            try {
                kinesis.getRecords(b -> b.shardIterator(iterator));
            } catch (ExpiredIteratorException e) {
                expired = e;
            }
        }
        assertThat(expired).isNotNull();
        String time = "[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}";
        assertThat(expired.awsErrorDetails().errorMessage()).matches("Iterator expired\\. The iterator was created at "
                + "time " + time + " while right now it is " + time + " which is further in the future than the "
                + "tolerated delay of 1 milliseconds\\.");
    }
}
