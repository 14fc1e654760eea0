package io.riffle.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's pages, scripts, styles and vendored libraries, read from the jar ({@code io/riffle/console/web/})
 * once and kept in memory. Only plain names ({@code vendor/uPlot.min.css}) are served: no {@code ..}, no hidden
 * files, so a request cannot reach another resource of the class path.
 */
final class StaticAssets {

    private static final String ROOT = "/io/riffle/console/web/";
    private static final Pattern SAFE_NAME = Pattern.compile("([a-zA-Z0-9_-][a-zA-Z0-9_.-]*/)*[a-zA-Z0-9_-][a-zA-Z0-9_.-]*");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "md", "text/plain; charset=utf-8");

    /** A file to serve: its bytes and content type. */
    record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** The asset named {@code name} (relative to the console's root), if there is one. */
    Optional<Asset> find(String name) {
        if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, StaticAssets::load);
    }

    private static Optional<Asset> load(String name) {
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(new Asset(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console asset " + name, e);
        }
    }
}
