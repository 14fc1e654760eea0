/**
 * The AWS wire runtime that generated service code targets (see riffle-codegen): the two body formats
 * of the JSON protocols ({@link io.riffle.aws.wire.WireFormat}), streaming decode and encode helpers with
 * Coral's error texts ({@link io.riffle.aws.wire.WireCodec}), blobs decoded once ({@link io.riffle.aws.wire.Blob}),
 * the operation and service descriptions ({@link io.riffle.aws.wire.OperationSpec},
 * {@link io.riffle.aws.wire.ServiceSpec}), the error envelope ({@link io.riffle.aws.wire.ErrorEnvelope},
 * {@link io.riffle.aws.wire.AwsServiceException}) and model validation in AWS's words
 * ({@link io.riffle.aws.wire.Violations}, {@link io.riffle.aws.wire.Constraint}). For the other protocols: awsQuery
 * input read from its form ({@link io.riffle.aws.wire.QueryInput}) and answered in XML
 * ({@link io.riffle.aws.wire.XmlWriter}, {@link io.riffle.aws.wire.QueryProtocol}, errors included); restJson
 * requests by their URI templates ({@link io.riffle.aws.wire.UriTemplate}, {@link io.riffle.aws.wire.RestRequest},
 * {@link io.riffle.aws.wire.RestAnswer}, {@link io.riffle.aws.wire.RestJsonProtocol}). No service's names live here.
 */
package io.riffle.aws.wire;
