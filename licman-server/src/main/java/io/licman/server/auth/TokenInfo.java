package io.licman.server.auth;

import java.time.Instant;

/**
 * A token as listed: never its secret.
 *
 * @param id a short public handle, to revoke it by
 * @param name what the administrator called it
 * @param role what it may do
 * @param created when it was made
 * @param bootstrap true for the token in {@code admin.token}, which cannot be revoked by id
 */
public record TokenInfo(String id, String name, Role role, Instant created, boolean bootstrap) {
}
