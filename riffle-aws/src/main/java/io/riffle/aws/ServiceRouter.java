package io.riffle.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the service for a request, in this order:
 * <ol>
 *   <li>the path, by the longest {@link ServiceRoute.ByPath} prefix it lies under (REST protocols);</li>
 *   <li>the {@code X-Amz-Target} header, by {@link ServiceRoute.ByTarget} prefix (awsJson, CBOR); a
 *       target no service has is {@link RoutingFailure#unknownOperation()};</li>
 *   <li>the query protocol (a form POST, an untyped POST whose body is a form naming an {@code Action},
 *       or a GET with an {@code Action}), by its {@code Version}
 *       ({@link ServiceRoute.ByQueryVersion}); an unknown or missing version is
 *       {@link RoutingFailure#invalidAction}; a request signed for another service than the
 *       version's is {@link RoutingFailure#wrongSigningService} (on AWS each endpoint checks that
 *       the scope names it);</li>
 *   <li>any other POST: {@link RoutingFailure#unknownOperation()} (as Kinesis' front end answers a POST
 *       without {@code X-Amz-Target}); any other method: {@link RoutingFailure#accessDenied()}.</li>
 * </ol>
 * Immutable once built; routes from several threads.
 */
public final class ServiceRouter {

    private final List<Map.Entry<ServiceRoute.ByPath, AwsService>> byPath;
    private final Map<String, AwsService> byTargetPrefix;
    private final Map<String, Map.Entry<ServiceRoute.ByQueryVersion, AwsService>> byQueryVersion;

    /**
     * A router over {@code services}.
     *
     * @throws IllegalArgumentException when two routes claim the same path prefix, target prefix or version
     */
    public ServiceRouter(List<? extends AwsService> services) {
        Map<ServiceRoute.ByPath, AwsService> paths = new HashMap<>();
        Map<String, AwsService> targets = new HashMap<>();
        Map<String, Map.Entry<ServiceRoute.ByQueryVersion, AwsService>> versions = new HashMap<>();
        for (AwsService service : services) {
            for (ServiceRoute route : service.routes()) {
                AwsService previous = switch (route) {
                    case ServiceRoute.ByPath path -> paths.putIfAbsent(path, service);
                    case ServiceRoute.ByTarget target -> targets.putIfAbsent(target.prefix(), service);
                    case ServiceRoute.ByQueryVersion version -> {
                        var entry = versions.putIfAbsent(version.version(), Map.entry(version, service));
                        yield entry == null ? null : entry.getValue();
                    }
                };
                if (previous != null) {
                    throw new IllegalArgumentException("services " + previous.name() + " and " + service.name()
                            + " both claim " + route);
                }
            }
        }
        // longest prefix first, so /a/b wins over /a for /a/b/c
        List<Map.Entry<ServiceRoute.ByPath, AwsService>> sortedPaths = new ArrayList<>(paths.entrySet());
        sortedPaths.sort(Comparator.comparingInt(
                (Map.Entry<ServiceRoute.ByPath, AwsService> e) -> e.getKey().prefix().length()).reversed());
        this.byPath = List.copyOf(sortedPaths);
        this.byTargetPrefix = Map.copyOf(targets);
        this.byQueryVersion = Map.copyOf(versions);
    }

    public Route route(AwsRequest request) {
        for (Map.Entry<ServiceRoute.ByPath, AwsService> entry : byPath) {
            if (entry.getKey().matches(request.path())) {
                return new Route.ToService(entry.getValue());
            }
        }
        String target = request.header(AwsRequest.TARGET_HEADER);
        if (target != null && !target.isEmpty()) {
            int dot = target.lastIndexOf('.');
            AwsService service = dot <= 0 || dot == target.length() - 1 ? null
                    : byTargetPrefix.get(target.substring(0, dot + 1));
            return service == null ? new Route.Refused(RoutingFailure.unknownOperation()) : new Route.ToService(service);
        }
        if (isQueryProtocol(request)) {
            return routeQuery(request);
        }
        return new Route.Refused("POST".equals(request.method()) ? RoutingFailure.unknownOperation()
                : RoutingFailure.accessDenied());
    }

    private static boolean isQueryProtocol(AwsRequest request) {
        return "POST".equals(request.method()) && (request.isForm() || request.isUntypedForm())
                || "GET".equals(request.method()) && request.queryParameter("Action") != null;
    }

    private Route routeQuery(AwsRequest request) {
        Map<String, List<String>> parameters;
        try {
            parameters = request.queryProtocolParameters();
        } catch (IllegalArgumentException malformed) {
            parameters = Map.of();
        }
        String action = FormEncoding.first(parameters, "Action");
        String version = FormEncoding.first(parameters, "Version");
        var entry = version == null ? null : byQueryVersion.get(version);
        if (entry == null) {
            return new Route.Refused(RoutingFailure.invalidAction(action, version));
        }
        String signingName = entry.getKey().signingName();
        Optional<CredentialScope> scope = CredentialScope.of(request);
        if (scope.isPresent() && !scope.get().service().equals(signingName)) {
            return new Route.Refused(RoutingFailure.wrongSigningService(signingName));
        }
        return new Route.ToService(entry.getValue());
    }
}
