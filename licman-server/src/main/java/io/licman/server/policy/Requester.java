package io.licman.server.policy;

/**
 * Who asks for a seat, as far as options-file rules can tell. Empty strings mean "not reported".
 */
public interface Requester {

    /** The user name reported by the client. */
    String user();

    /** The client's host name. */
    String host();

    /** The client's display name. */
    String display();

    /** The client's IP address as text (IPv4 or IPv6). */
    String ip();

    /** The project name reported by the client. */
    String project();
}
