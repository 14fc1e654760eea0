package io.riffle.aws.auth;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.Caller;
import java.util.Objects;

/** What an {@link Authenticator} concluded about a request: who sent it, or why it is refused. */
public sealed interface Authentication permits Authentication.Authenticated, Authentication.Refused {

    static Authentication authenticated(Caller caller) {
        return new Authenticated(caller);
    }

    static Authentication refused(AuthFailure failure) {
        return new Refused(failure);
    }

    /** The request's sender is {@code caller}. */
    record Authenticated(Caller caller) implements Authentication {
        public Authenticated {
            Objects.requireNonNull(caller, "caller");
        }
    }

    /** The request is refused with {@code failure}; it reaches no service. */
    record Refused(AuthFailure failure) implements Authentication {
        public Refused {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
