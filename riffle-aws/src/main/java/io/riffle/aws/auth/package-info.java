/**
 * The one place where authentication and authorization plug into the front door. An
 * {@link io.riffle.aws.auth.Authenticator} turns a request into an
 * {@link io.riffle.aws.auth.Authentication} (a {@link io.riffle.aws.Caller} or an
 * {@link io.riffle.aws.AuthFailure}); an {@link io.riffle.aws.auth.Authorizer} decides whether
 * that caller may perform an action on a resource. Today the authenticator accepts any credentials
 * (it still reads the access key id from the SigV4 scope) and the authorizer allows everything; SigV4
 * verification and IAM policy evaluation replace them without touching a service.
 */
package io.riffle.aws.auth;
