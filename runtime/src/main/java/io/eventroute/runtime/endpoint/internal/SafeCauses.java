package io.eventroute.runtime.endpoint.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Causes kept on a {@code DeliveryException} without the secrets a client's exception may quote (a
 * URL with a signature, a key). Free of the Azure SDK, so every sender can use it. Stateless; thread-safe.
 */
public final class SafeCauses {
    private SafeCauses() {
    }

    /**
     * {@code error} itself when no message in its cause chain holds one of {@code secrets}; else a copy
     * of the chain (class names and stack traces kept) with every secret replaced by {@code ***}. Null
     * for null.
     */
    public static Throwable of(Throwable error, List<String> secrets) {
        if (error == null) {
            return null;
        }
        for (Throwable t : chain(error)) {
            String text = String.valueOf(t.getMessage());
            for (String secret : secrets) {
                if (secret != null && !secret.isEmpty() && text.contains(secret)) {
                    return redacted(error, chain(error).size(), secrets);
                }
            }
        }
        return error;
    }

    /** {@code text} with every secret replaced by {@code ***}; "" for null. */
    public static String scrub(String text, List<String> secrets) {
        if (text == null) {
            return "";
        }
        String scrubbed = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                scrubbed = scrubbed.replace(secret, "***");
            }
        }
        return scrubbed;
    }

    /** {@code error} and its causes, outermost first, stopping at a cycle or after 32. */
    public static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable t = error;
        while (t != null && seen.add(t) && chain.size() < 32) {
            chain.add(t);
            t = t.getCause();
        }
        return chain;
    }

    private static Throwable redacted(Throwable t, int left, List<String> secrets) {
        Throwable cause = left <= 1 || t.getCause() == null ? null : redacted(t.getCause(), left - 1, secrets);
        Throwable copy = new RedactedException(t.getClass().getName() + ": " + scrub(t.getMessage(), secrets), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** A client's exception whose message held a secret, copied without it. */
    private static final class RedactedException extends Exception {
        private static final long serialVersionUID = 1L;

        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
