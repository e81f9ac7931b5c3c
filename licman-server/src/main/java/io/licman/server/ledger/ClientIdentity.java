package io.licman.server.ledger;

import io.licman.server.policy.Requester;
import java.util.Objects;

/**
 * Who a checkout is for, as reported by the client and the connection.
 *
 * @param user the user name; required
 * @param host the client host name; required
 * @param display the display name, or empty
 * @param ip the client's IP address as text, or empty
 * @param project the project name ({@code LM_PROJECT}), or empty
 * @param processId the client process id, or 0
 * @param clientId the client session id, which heartbeats and notifications refer to; required
 */
public record ClientIdentity(String user, String host, String display, String ip, String project, long processId,
                             String clientId) implements Requester {

    /** The longest text accepted in any field. */
    public static final int MAX_TEXT = 256;

    public ClientIdentity {
        requireText(user, "user", true);
        requireText(host, "host", true);
        requireText(display, "display", false);
        requireText(ip, "ip", false);
        requireText(project, "project", false);
        requireText(clientId, "clientId", true);
    }

    /** A client with only user, host and session set. */
    public static ClientIdentity of(String user, String host, String clientId) {
        return new ClientIdentity(user, host, "", "", "", 0, clientId);
    }

    /** This identity with another IP address. */
    public ClientIdentity withIp(String ip) {
        return new ClientIdentity(user, host, display, ip, project, processId, clientId);
    }

    /** This identity with another display. */
    public ClientIdentity withDisplay(String display) {
        return new ClientIdentity(user, host, display, ip, project, processId, clientId);
    }

    /** This identity with another project. */
    public ClientIdentity withProject(String project) {
        return new ClientIdentity(user, host, display, ip, project, processId, clientId);
    }

    /** {@code user@host}, for messages. */
    public String describe() {
        return user + "@" + host;
    }

    private static void requireText(String value, String field, boolean required) {
        Objects.requireNonNull(value, field);
        if (required && value.isEmpty()) {
            throw new IllegalArgumentException("the client's " + field + " is required");
        }
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the client's " + field + " is longer than " + MAX_TEXT + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("the client's " + field + " contains a control character");
            }
        }
    }
}
