package io.eventroute.server;

import java.util.Locale;

/** What a bearer token may do on the server. Thread-safe. */
public enum Role {
    /** List and read routes, endpoints and metrics; validate filters. */
    ROUTES_READ("routes:read"),
    /** Create, replace and delete routes. */
    ROUTES_WRITE("routes:write"),
    /** Send events. */
    EVENTS_SEND("events:send");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** The role as the configuration file writes it: {@code routes:read}. */
    public String id() {
        return id;
    }

    /**
     * The role named {@code id}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the known roles when there is none
     */
    public static Role fromId(String id) {
        for (Role r : values()) {
            if (r.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "' (known: routes:read, routes:write, events:send)");
    }
}
