package io.eventroute.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's static files, read from the jar once: the page at {@code /} and its script and style
 * sheet under {@code /console/}. Each has its content type and an ETag; every answer carries the headers
 * that keep the page to its own origin. Immutable; thread-safe.
 */
final class ConsoleFiles {
    /**
     * Only this origin's scripts, styles, images and API; no inline script or style, no framing, no plugin.
     * The page needs nothing else, so anything else (an injected script, a CDN) is refused by the browser.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** One file: its bytes, content type and strong ETag (a hash of the bytes). */
    record File(byte[] bytes, String contentType, String etag) {
    }

    private static final String ROOT = "/io/eventroute/server/console/";
    private final Map<String, File> byPath = new LinkedHashMap<>();

    ConsoleFiles() {
        add("/", "index.html", "text/html; charset=utf-8");
        add("/console/app.js", "app.js", "text/javascript; charset=utf-8");
        add("/console/app.css", "app.css", "text/css; charset=utf-8");
        add("/console/samples.js", "samples.js", "text/javascript; charset=utf-8");
    }

    private void add(String path, String resource, String type) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(ROOT + resource)) {
            if (in == null) {
                throw new IllegalStateException("the console file " + ROOT + resource + " is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            byPath.put(path, new File(bytes, type, "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 16) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file served at {@code path}, if any. */
    Optional<File> get(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** True for the paths of the console: {@code /}, {@code /index.html} and anything under {@code /console/}. */
    static boolean isConsolePath(String path) {
        return path.equals("/") || path.equals("/index.html") || path.startsWith("/console/");
    }

    /** The headers of every console answer, files and errors alike. */
    static Map<String, String> securityHeaders() {
        return Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "X-Frame-Options", "DENY");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
