package io.licman.core.protocol;

/** The numbers of the licman protocol that both ends must agree on; see {@code docs/protocol.md}. */
public final class Protocol {

    /** The IANA port {@code os-licman}, for TCP sessions and UDP discovery alike. */
    public static final int PORT = 1384;

    /** The major version this code speaks: sent in the {@link Preamble}. */
    public static final int MAJOR_VERSION = 1;

    /** The oldest minor version of {@link #MAJOR_VERSION} this code speaks. */
    public static final int MIN_MINOR_VERSION = 0;

    /** The newest minor version of {@link #MAJOR_VERSION} this code speaks. */
    public static final int MAX_MINOR_VERSION = 0;

    /** Size of the big-endian length that precedes every frame, in bytes. */
    public static final int LENGTH_PREFIX_SIZE = 4;

    /** The largest frame body (the protobuf bytes after the length) anyone may send: 1 MiB. */
    public static final int MAX_FRAME_SIZE = 1024 * 1024;

    /** The lowest frame limit a session may negotiate: 64 KiB, enough for any Granted or push. */
    public static final int MIN_FRAME_SIZE_LIMIT = 64 * 1024;

    /** Length of a lease secret, in bytes. */
    public static final int LEASE_SECRET_LENGTH = 16;

    /** The longest {@code Ping.payload}, in bytes. */
    public static final int MAX_PING_PAYLOAD = 1024;

    /** The IPv4 multicast group for discovery (administratively scoped, RFC 2365). */
    public static final String IPV4_MULTICAST_GROUP = "239.255.13.84";

    /** The IPv6 link-local multicast group for discovery. */
    public static final String IPV6_MULTICAST_GROUP = "ff02::1384";

    /** The IPv4 limited broadcast address for discovery. */
    public static final String IPV4_BROADCAST = "255.255.255.255";

    private Protocol() {
    }
}
