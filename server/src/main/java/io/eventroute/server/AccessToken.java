package io.eventroute.server;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A bearer token the server accepts and the roles it grants. {@link #toString()} never shows the
 * token. Immutable; thread-safe.
 *
 * @param token the secret a client sends as {@code Authorization: Bearer <token>}
 * @param roles what the token may do
 */
public record AccessToken(String token, Set<Role> roles) {
    /** Requires a token that is not blank; keeps a copy of the roles. */
    public AccessToken {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    @Override
    public String toString() {
        return "AccessToken[roles=" + roles + "]";
    }
}
