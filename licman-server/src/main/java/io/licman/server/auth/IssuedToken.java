package io.licman.server.auth;

/**
 * A token just created: the only time its secret is seen. The store keeps its SHA-256 only.
 *
 * @param info the token as it will be listed
 * @param secret the bearer token to hand to its user
 */
public record IssuedToken(TokenInfo info, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[" + info + ", secret=<hidden>]";
    }
}
