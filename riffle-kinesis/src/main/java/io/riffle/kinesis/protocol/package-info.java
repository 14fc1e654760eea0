/**
 * The Kinesis wire protocol: one model (botocore's {@code service-2.json}, a resource of this module) from which the
 * build generates {@code io.riffle.kinesis.api} (a record per request, response and structure, the streaming codec
 * {@code KinesisCodec} for JSON and CBOR over riffle-aws's {@code WireCodec}, the validator {@code KinesisValidator},
 * the operation specs {@code KinesisOperations}); here the typed {@link io.riffle.kinesis.protocol.Operation}s, the
 * error table ({@link io.riffle.kinesis.protocol.KinesisError}) and the dispatcher
 * ({@link io.riffle.kinesis.protocol.KinesisApi}).
 *
 * <h2>Facts this package relies on, and where they come from</h2>
 *
 * <h3>Content types and the order of checks</h3>
 * (kinesalite {@code index.js} and {@code test/connection.js}, whose expectations were taken from Kinesis)
 * <ul>
 *   <li>{@code application/x-amz-json-1.1} and {@code application/x-amz-cbor-1.1} are the wire formats;
 *       parameters after {@code ;} and blanks are ignored. The answer uses the request's format.</li>
 *   <li>Empty body: {@code {"__type":"SerializationException"}} if the target is a real operation, else
 *       {@code UnknownOperationException}; JSON only for a JSON 1.1 request, CBOR for anything else
 *       (JSON 1.0, no Content-Type...). No message.</li>
 *   <li>A body with any other Content-Type (JSON 1.0 included): XML; 403
 *       {@code <AccessDeniedException>} "Unable to determine service/operation name to be authorized"
 *       without a {@code Service.Operation} target, else 404 {@code <UnknownOperationException/>}.</li>
 *   <li>{@code application/json}: Coral's wrapper {@code {"Output":{"__type":"com.amazon.coral.service#..."},
 *       "Version":"1.0"}}: SerializationException (400) for a bad body, else UnknownOperationException (404).</li>
 *   <li>Then: body not an object: SerializationException, no message (before the target is looked at);
 *       unknown target: UnknownOperationException, no message; then authentication; then types; then
 *       constraints.</li>
 *   <li>No Authorization header: MissingAuthenticationTokenException "Missing Authentication Token"
 *       (status 400 on the JSON/CBOR path). A malformed one: IncompleteSignatureException listing each
 *       missing part ("Authorization header requires 'Credential' parameter. ..."), ending
 *       "Authorization=&lt;header&gt;". The signature itself is not verified here.</li>
 * </ul>
 *
 * <h3>Errors</h3>
 * {@code {"__type": "ResourceNotFoundException", "message": "..."}}, the same map in CBOR. Kinesis
 * spells it {@code Message} for SerializationException (kinesalite {@code validations/index.js},
 * {@code test/helpers.js}); the SDK v2 reads {@code message}, {@code Message} or {@code errorMessage}
 * ({@code SdkJsonErrorMessageParser}) and takes the type from {@code __type} after any {@code #}
 * ({@code JsonErrorCodeParser}). InternalFailure (500) and UnknownOperationException carry no message.
 *
 * <h3>Timestamps and blobs</h3>
 * <ul>
 *   <li>JSON: epoch seconds as a number with a fraction. The SDK v2 writes
 *       {@code BigDecimal(millis).scaleByPowerOfTen(-3).toPlainString()} and reads with
 *       {@code new BigDecimal(text)} scaled to millis, refusing texts over 20 characters
 *       ({@code DateUtils.parseUnixTimestampInstant}); so Riffle writes a plain decimal,
 *       {@code 1700000000.123}. A string timestamp is refused: "class java.lang.String can not be
 *       converted to milliseconds since epoch".</li>
 *   <li>CBOR: tag 1 followed by epoch <em>milliseconds</em> as an integer, both ways, although RFC 8949
 *       says seconds ({@code SdkCborGenerator.writeValue(Instant)} writes {@code toEpochMilli()};
 *       {@code AwsCborProtocolFactory} reads {@code UNIX_TIMESTAMP_MILLIS} with {@code Long.parseLong},
 *       so a float fails; aws-sdk-java-v2 #184, #4661; localstack #3134).</li>
 *   <li>Blobs: base64 text in JSON, byte strings in CBOR. Base64 is checked strictly with Kinesis' three
 *       messages (see riffle-aws's {@code WireCodec}).</li>
 * </ul>
 *
 * <h3>Types and validation</h3>
 * Type mismatches are SerializationExceptions worded by Coral ("class java.lang.Boolean can not be
 * converted to an String", "Start of list found where not expected", "Expected list or null",
 * "Expected null"...); integers are floored and clamped ({@code 100000000000} becomes
 * {@code 2147483647}). Constraint failures are ValidationExceptions, "N validation error(s) detected: "
 * + up to 10 "Value 'v' at 'path' failed to satisfy constraint: Member must ..." joined by "; " (see
 * the generated {@code KinesisValidator} and riffle-aws's {@code Violations} for the exact rules). Today's model, not
 * kinesalite's, decides what is required and the limits (StreamName is optional where StreamARN may
 * be given; Data may be 10 MiB; ShardCount has no maximum).
 */
package io.riffle.kinesis.protocol;
