/**
 * Stream triggers: Lambda's event source mappings over Riffle's Kinesis streams.
 *
 * <ul>
 *   <li>{@link io.riffle.triggers.TriggersApi}: the restJson API subset under {@code /2015-03-31/event-source-mappings}
 *       (Create, Get, Update, Delete, List), decoded, validated and encoded by the code riffle-codegen generates
 *       from the cut Lambda model ({@code io.riffle.triggers.lambda});</li>
 *   <li>{@link io.riffle.triggers.MappingOperations}: what each operation decides, with Lambda's errors
 *       ({@link io.riffle.triggers.LambdaErrors});</li>
 *   <li>{@link io.riffle.triggers.MappingRegistry}: the mappings and their per-shard checkpoints as a state machine
 *       over {@link io.riffle.triggers.MappingEvent}s in the metadata kit's event log {@code _triggers};</li>
 *   <li>{@link io.riffle.triggers.poll}: the pollers that read each shard through riffle-kinesis's
 *       {@code StreamSource} and invoke the function through riffle-functions' {@code FunctionInvoker}.</li>
 * </ul>
 */
package io.riffle.triggers;
