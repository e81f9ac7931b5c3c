package io.licman.server.auth;

import java.util.Objects;

/**
 * Who made an HTTP request: a token's id, name and role, or the anonymous viewer when the server
 * allows anonymous reads.
 *
 * @param tokenId the token's id, or {@code "anonymous"}
 * @param name the token's name
 * @param role what it may do
 */
public record Principal(String tokenId, String name, Role role) {

    /** The reader admitted without a token when {@code http-anonymous-read = yes}. */
    public static final Principal ANONYMOUS = new Principal("anonymous", "anonymous", Role.VIEWER);

    public Principal {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    public boolean isAnonymous() {
        return this == ANONYMOUS;
    }
}
