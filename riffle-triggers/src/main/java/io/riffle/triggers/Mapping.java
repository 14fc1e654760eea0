package io.riffle.triggers;

import java.util.List;
import java.util.Objects;

/**
 * One event source mapping as stored (a Jackson record inside {@link MappingEvent}s and snapshots). A new field
 * must have a default for older events (a null reads as the default) or raise the event's version.
 *
 * @param eventSourceArn a Kinesis stream's ARN, or a stream consumer's
 *     ({@code arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<name>:<seconds>}: enhanced fan-out)
 * @param functionArn the function's ARN as Lambda reports it ({@code arn:aws:lambda:<region>:<account>:function:<name>}
 *     with the qualifier the mapping named, if any)
 * @param isEnabled what the user asked for ({@code Enabled}); {@link #state} is where the mapping is on the way
 * @param startingPositionTimestampMs AT_TIMESTAMP's time, else null
 * @param tumblingWindowInSeconds 0: no windows
 * @param filterPatterns FilterCriteria's patterns as the user wrote them (empty: every record; null in events
 *     written before filters existed)
 * @param onFailureDestination DestinationConfig.OnFailure's ARN (an S3 bucket, {@code arn:aws:s3:::bucket}), or null
 */
public record Mapping(String uuid, String eventSourceArn, String functionArn, boolean isEnabled, String state,
                      String stateTransitionReason, long lastModifiedMs, int batchSize,
                      int maximumBatchingWindowInSeconds, int parallelizationFactor, String startingPosition,
                      Long startingPositionTimestampMs, int maximumRecordAgeInSeconds,
                      boolean bisectBatchOnFunctionError, int maximumRetryAttempts, List<String> functionResponseTypes,
                      int tumblingWindowInSeconds, List<String> filterPatterns,
                      String onFailureDestination) {

    public static final String CREATING = "Creating";
    public static final String ENABLING = "Enabling";
    public static final String ENABLED = "Enabled";
    public static final String DISABLING = "Disabling";
    public static final String DISABLED = "Disabled";
    public static final String UPDATING = "Updating";
    public static final String DELETING = "Deleting";

    /** The only FunctionResponseTypes value Kinesis mappings take. */
    public static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

    public Mapping {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(eventSourceArn, "eventSourceArn");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(state, "state");
        functionResponseTypes = functionResponseTypes == null ? List.of() : List.copyOf(functionResponseTypes);
        filterPatterns = filterPatterns == null ? List.of() : List.copyOf(filterPatterns);
    }

    private static final String CONSUMER_PART = "/consumer/";

    /** Whether the mapping reads through an enhanced fan-out consumer (its source is a consumer ARN). */
    public boolean isConsumerSource() {
        return isConsumerArn(eventSourceArn);
    }

    /** The ARN of the stream the records come from: the source itself, or the stream of its consumer. */
    public String streamArn() {
        return streamArnOf(eventSourceArn);
    }

    public static boolean isConsumerArn(String arn) {
        return arn.contains(CONSUMER_PART);
    }

    /** The stream part of a consumer ARN ({@code .../stream/NAME/consumer/C:TS} -> {@code .../stream/NAME}). */
    public static String streamArnOf(String arn) {
        int consumer = arn.indexOf(CONSUMER_PART);
        return consumer < 0 ? arn : arn.substring(0, consumer);
    }

    /** Whether the mapping is between two states (a timed transition moves it on). */
    public boolean isInTransition() {
        return switch (state) {
            case CREATING, ENABLING, DISABLING, UPDATING, DELETING -> true;
            default -> false;
        };
    }

    /** Whether its pollers run. */
    public boolean isPolling() {
        return state.equals(ENABLED);
    }

    public boolean reportsBatchItemFailures() {
        return functionResponseTypes.contains(REPORT_BATCH_ITEM_FAILURES);
    }

    /** The state a transition ends in: Enabled or Disabled as asked (Deleting ends in the mapping's removal). */
    public String settledState() {
        return isEnabled ? ENABLED : DISABLED;
    }

    /** The mapping turned off by Riffle itself (its stream is gone, say): Disabled, with the reason. */
    public Mapping disabledBecause(String reason, long atMs) {
        return new Mapping(uuid, eventSourceArn, functionArn, false, DISABLED, reason, atMs, batchSize,
                maximumBatchingWindowInSeconds, parallelizationFactor, startingPosition, startingPositionTimestampMs,
                maximumRecordAgeInSeconds, bisectBatchOnFunctionError, maximumRetryAttempts, functionResponseTypes,
                tumblingWindowInSeconds, filterPatterns, onFailureDestination);
    }

    public Mapping withState(String newState, String reason, long atMs) {
        return new Mapping(uuid, eventSourceArn, functionArn, isEnabled, newState, reason, atMs, batchSize,
                maximumBatchingWindowInSeconds, parallelizationFactor, startingPosition, startingPositionTimestampMs,
                maximumRecordAgeInSeconds, bisectBatchOnFunctionError, maximumRetryAttempts, functionResponseTypes,
                tumblingWindowInSeconds, filterPatterns, onFailureDestination);
    }
}
