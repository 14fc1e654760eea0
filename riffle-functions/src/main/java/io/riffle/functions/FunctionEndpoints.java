package io.riffle.functions;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Where a function is invoked: its own {@code function.<name>.url} when one is set for its name, else the Lambda
 * endpoint's invoke path for it, else nowhere. Pure.
 */
final class FunctionEndpoints {

    /** An invoke URL, and whether it is the Lambda API (signed when credentials are configured). */
    record Endpoint(URI invokeUrl, boolean isLambdaApi) {
    }

    private final Map<String, URI> functionUrls;
    private final URI lambdaEndpoint;

    FunctionEndpoints(Map<String, URI> functionUrls, URI lambdaEndpoint) {
        this.functionUrls = Map.copyOf(functionUrls);
        this.lambdaEndpoint = lambdaEndpoint;
    }

    Optional<Endpoint> resolve(String function) {
        Optional<String> name = FunctionName.of(function);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        URI own = functionUrls.get(name.get());
        if (own != null) {
            return Optional.of(new Endpoint(own, false));
        }
        if (lambdaEndpoint == null) {
            return Optional.empty();
        }
        // Lambda takes the name, a partial ARN or an ARN in the path, qualifier included: pass on what was named.
        String base = lambdaEndpoint.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = "/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8).replace("+", "%20")
                + "/invocations";
        return Optional.of(new Endpoint(URI.create(base + path), true));
    }
}
