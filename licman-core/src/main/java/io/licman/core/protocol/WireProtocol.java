package io.licman.core.protocol;

/** What a connection to port 1384 speaks, told by its first bytes ({@link ProtocolDetector}). */
public enum WireProtocol {
    /** The binary licman protocol: the connection starts with the preamble {@code LMAN}. */
    LICMAN,
    /** A TLS handshake (first byte 0x16); after it, the plain stream is detected again. */
    TLS,
    /** HTTP/1.x or HTTP/2 with prior knowledge: an upper-case method name and a space. */
    HTTP,
    /** None of these: close the connection. */
    UNKNOWN
}
