package io.riffle.kinesis.control;

/**
 * A consumer ARN, as Kinesis writes it:
 * {@code arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<consumer>:<creation epoch seconds>}.
 * Stream and consumer names never hold {@code /} or {@code :} (the model's patterns), so the parts
 * are found by those separators.
 */
public record ConsumerArn(String streamName, String consumerName, long creationEpochSeconds) {
    private static final String CONSUMER = "/consumer/";

    public String format(String region, String accountId) {
        return prefix(region, accountId) + streamName + CONSUMER + consumerName + ":" + creationEpochSeconds;
    }

    /** The parts of {@code arn}, or null when it is not a consumer ARN of that region and account. */
    public static ConsumerArn parse(String arn, String region, String accountId) {
        String prefix = prefix(region, accountId);
        if (arn == null || !arn.startsWith(prefix)) {
            return null;
        }
        String rest = arn.substring(prefix.length());
        int consumer = rest.indexOf(CONSUMER);
        int colon = rest.lastIndexOf(':');
        if (consumer <= 0 || colon < consumer + CONSUMER.length() + 1 || colon == rest.length() - 1) {
            return null;
        }
        String stream = rest.substring(0, consumer);
        String name = rest.substring(consumer + CONSUMER.length(), colon);
        if (stream.indexOf('/') >= 0 || name.indexOf('/') >= 0 || name.indexOf(':') >= 0) {
            return null;
        }
        String seconds = rest.substring(colon + 1);
        for (int i = 0; i < seconds.length(); i++) {
            if (seconds.charAt(i) < '0' || seconds.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return new ConsumerArn(stream, name, Long.parseLong(seconds));
        } catch (NumberFormatException tooLong) {
            return null;
        }
    }

    private static String prefix(String region, String accountId) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/";
    }
}
