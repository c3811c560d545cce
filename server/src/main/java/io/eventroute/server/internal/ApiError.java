package io.eventroute.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * An API error as the service returns it: an HTTP status, a code (also sent as {@code x-ms-error-code}),
 * a message, optional details, and extra response headers.
 */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final transient ArrayNode details;
    final transient Map<String, String> headers;

    ApiError(int status, String code, String message) {
        this(status, code, message, null, Map.of());
    }

    ApiError(int status, String code, String message, ArrayNode details, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
        this.headers = headers;
    }

    /** {@code {"error": {"code", "message", "details": [...]}}}. */
    ObjectNode body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", getMessage());
        error.set("details", details == null ? JsonNodeFactory.instance.arrayNode() : details);
        return root;
    }

    static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    /** What is wrong with one element of a batch; the batch's error lists each with its index. */
    static final class Element extends Exception {
        private static final long serialVersionUID = 1L;

        Element(String message) {
            super(message, null, false, false);
        }
    }
}
