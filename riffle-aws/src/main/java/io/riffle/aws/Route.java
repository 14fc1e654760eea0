package io.riffle.aws;

import java.util.Objects;

/** Where {@link ServiceRouter} sends a request: to a service, or back with the error AWS would answer. */
public sealed interface Route permits Route.ToService, Route.Refused {

    /** The request goes to {@code service}. */
    record ToService(AwsService service) implements Route {
        public ToService {
            Objects.requireNonNull(service, "service");
        }
    }

    /** No service takes the request; {@code failure} says what AWS answers instead. */
    record Refused(RoutingFailure failure) implements Route {
        public Refused {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
