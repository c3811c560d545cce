package io.eventroute.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Request bodies for the API: read whole within the size limit, and read and discarded when a request
 * is refused, so that the connection survives the refusal. Immutable; thread-safe.
 */
public final class RequestBodies {
    private final long maxRequestBytes;

    RequestBodies(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    /** The body's bytes, refused past the size limit before it is read whole; {@code json}: it must be typed JSON. */
    byte[] read(Request request, boolean json) throws ApiError {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (json && (type == null || !type.toLowerCase(Locale.ROOT).trim().startsWith("application/json"))) {
            throw new ApiError(415, "UnsupportedMediaType", "The body must be application/json, not "
                    + (type == null ? "untyped" : "'" + type + "'") + ".");
        }
        long declared = request.getLength();
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > maxRequestBytes) {
                request.setAttribute(DRAINED, declared <= DRAIN_LIMIT && drain(in));
                throw tooLarge();
            }
            // Read at most one byte past the limit: a chunked body that is too large is never held whole.
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
            if (bytes.length > maxRequestBytes) {
                // Discarded before the stream closes: closing it unread would give up the connection.
                request.setAttribute(DRAINED, drain(in));
                throw tooLarge();
            }
        } catch (IOException e) {
            request.setAttribute(DRAINED, false);
            throw ApiError.badRequest("InvalidArgument", "The body could not be read (" + e.getMessage() + ").");
        }
        return bytes;
    }

    private ApiError tooLarge() {
        return new ApiError(413, "RequestBodyTooLarge", "The request body is larger than " + maxRequestBytes + " bytes.");
    }

    /**
     * A refused request's body is read and discarded (up to {@link #DRAIN_LIMIT} bytes, waiting for it as
     * long as the connection's idle timeout allows) before the answer is sent. Answering first and closing
     * with the body still arriving would make the client's TCP stack reset the connection, and a client
     * that was still sending (every client sends headers and body separately) would then see a reset
     * instead of the 401 or 413. Past the limit the answer says {@code Connection: close}.
     */
    static void closeUnlessRead(Request request, Response response) {
        Object drained = request.getAttribute(DRAINED);
        if (drained == null) {
            drained = drain(request);
        }
        if (!Boolean.TRUE.equals(drained)) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
    }

    /** Most of a refused body read to keep the connection: past it, the connection is closed instead. */
    public static final long DRAIN_LIMIT = 8L << 20;
    /** Request attribute: whether the refused request's body was read to its end ({@link Boolean}). */
    private static final String DRAINED = RequestBodies.class.getName() + ".drained";

    /** Reads the rest of the body, at most {@link #DRAIN_LIMIT} bytes; true when it was read to its end. */
    private static boolean drain(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            return drain(in);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean drain(InputStream in) {
        byte[] buffer = new byte[16 * 1024];
        long read = 0;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
                if (read > DRAIN_LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
