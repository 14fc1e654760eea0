/**
 * The front door's service seam: a request as every AWS protocol sees it ({@link io.riffle.aws.AwsRequest}),
 * an answer ({@link io.riffle.aws.AwsAnswer}), the services that serve them ({@link io.riffle.aws.AwsService})
 * and how a request finds its service ({@link io.riffle.aws.ServiceRouter}: by path, by {@code X-Amz-Target},
 * by the query form's {@code Version}); the SigV4 scope a request names ({@link io.riffle.aws.CredentialScope});
 * and browser access ({@link io.riffle.aws.CorsPolicy}). Authentication and authorization plug in through
 * {@link io.riffle.aws.auth}. No service's names live here.
 */
package io.riffle.aws;
