package io.riffle.aws;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One AWS service on the front door (Kinesis, STS, ...): its name (the SigV4 signing name, such as
 * {@code kinesis}), the routes that bring requests to it, and how it serves one. {@link #serve} is
 * called on the request's event loop with an authenticated request; it must not block: work that
 * waits (storage, long polls) runs elsewhere and completes the future.
 */
public interface AwsService {

    /** The service's SigV4 signing name, e.g. {@code kinesis} or {@code sts}. */
    String name();

    List<ServiceRoute> routes();

    CompletableFuture<AwsAnswer> serve(AwsRequest request);
}
