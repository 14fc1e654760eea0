package io.riffle.aws;

import java.util.Objects;

/**
 * One way a request reaches a service. AWS tells its services apart per endpoint; on Riffle's one
 * port the front door tells them apart by what each protocol puts in the request:
 * <ul>
 *   <li>{@link ByPath}: REST protocols (Lambda's event-source-mapping API under
 *       {@code /2015-03-31/event-source-mappings}), by path prefix;</li>
 *   <li>{@link ByTarget}: awsJson 1.0/1.1 and CBOR, by the {@code X-Amz-Target} header's prefix
 *       ({@code Kinesis_20131202.}, {@code DynamoDB_20120810.});</li>
 *   <li>{@link ByQueryVersion}: the query protocol, by the form's {@code Version} (2011-06-15 is STS,
 *       2010-05-08 IAM), with the SigV4 signing name that a signed request's scope must name.</li>
 * </ul>
 */
public sealed interface ServiceRoute permits ServiceRoute.ByPath, ServiceRoute.ByTarget, ServiceRoute.ByQueryVersion {

    /** Requests whose path is {@code prefix} or lies under it ({@code prefix/...}). */
    record ByPath(String prefix) implements ServiceRoute {
        public ByPath {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.startsWith("/") || prefix.length() < 2 || prefix.endsWith("/")) {
                throw new IllegalArgumentException("a path prefix starts with / and does not end with one: " + prefix);
            }
        }

        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/';
        }
    }

    /** Requests whose {@code X-Amz-Target} is {@code prefix} followed by an operation name ({@code prefix} ends with '.'). */
    record ByTarget(String prefix) implements ServiceRoute {
        public ByTarget {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.length() < 2 || !prefix.endsWith(".")) {
                throw new IllegalArgumentException("a target prefix ends with '.': " + prefix);
            }
        }
    }

    /** Query-protocol requests whose {@code Version} is {@code version}; signed ones must name {@code signingName}. */
    record ByQueryVersion(String version, String signingName) implements ServiceRoute {
        public ByQueryVersion {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(signingName, "signingName");
        }
    }
}
