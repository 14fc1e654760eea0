/**
 * DestinationConfig.OnFailure: Lambda's invocation record of a batch a mapping gave up on, and where it goes (an S3
 * bucket, kept by {@link io.riffle.triggers.failure.FailureDestination}).
 */
package io.riffle.triggers.failure;
