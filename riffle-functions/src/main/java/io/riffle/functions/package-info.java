/**
 * Invoking functions through the Lambda Invoke contract ({@code POST /2015-03-31/functions/NAME/invocations},
 * invocation type RequestResponse): real AWS Lambda (requests signed with SigV4, service {@code lambda}), the Lambda
 * Runtime Interface Emulator running an unchanged function image, or any HTTP service speaking the contract.
 *
 * <p>The public surface is {@link io.riffle.functions.FunctionInvoker} (what stream triggers and Firehose's
 * transforms call), its answer {@link io.riffle.functions.InvokeResult}, and the settings
 * {@link io.riffle.functions.InvokerSettings}; {@link io.riffle.functions.HttpFunctionInvoker} is the implementation.
 * Everything else here is a detail of it.
 */
package io.riffle.functions;
