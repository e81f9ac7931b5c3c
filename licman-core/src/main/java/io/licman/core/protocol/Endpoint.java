package io.licman.core.protocol;

import java.util.Objects;

/**
 * A server's TCP address as written in the protocol and in client settings: {@code port@host},
 * for example {@code 1384@lic1.example.com} or {@code 1384@[2001:db8::7]}; {@code @host} means
 * port {@value Protocol#PORT}.
 *
 * @param port 1 to 65535
 * @param host a host name or an IP address, without brackets
 */
public record Endpoint(int port, String host) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port is between 1 and 65535, not " + port);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '@' || c == '[' || c == ']')) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or address");
        }
    }

    /**
     * Parses {@code port@host} or {@code @host}; an IPv6 address may be in brackets.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Endpoint parse(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("'" + text + "' is not an endpoint: expected port@host, such as "
                    + Protocol.PORT + "@lic1.example.com");
        }
        String host = text.substring(at + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = text.substring(0, at);
        if (port.isEmpty()) {
            return new Endpoint(Protocol.PORT, host);
        }
        if (!port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a port number");
        }
        return new Endpoint(Integer.parseInt(port), host);
    }

    /** {@code port@host}, with brackets around an IPv6 address. */
    @Override
    public String toString() {
        return port + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host);
    }
}
