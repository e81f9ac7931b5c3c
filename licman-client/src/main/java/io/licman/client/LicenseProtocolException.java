package io.licman.client;

import java.time.Duration;
import java.util.Objects;

/**
 * The server answered a request with an error, or broke the protocol (an unexpected or
 * malformed reply). {@link #code()} tells which; the message says what to do.
 */
public final class LicenseProtocolException extends LicenseException {

    /** The error, mirroring the protocol's {@code ErrorCode}. */
    public enum Code {
        /** A code this SDK does not know (a newer server). */
        UNKNOWN,
        /** Malformed traffic or a request out of order; also used when the server's reply makes no sense. */
        PROTOCOL_ERROR,
        /** The client and server share no protocol version. */
        UNSUPPORTED_VERSION,
        /** A frame over the agreed size limit. */
        FRAME_TOO_LARGE,
        /** The server does not know the request (an older server). */
        UNKNOWN_MESSAGE,
        /** The admin token was refused. */
        NOT_AUTHENTICATED,
        /** An admin request on an ordinary session. */
        FORBIDDEN,
        /** A lease secret does not match. */
        BAD_SECRET,
        /** No such lease. */
        NO_SUCH_LEASE,
        /** Too many requests; see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** A server limit (connections, pipelined requests, leases) is reached. */
        LIMIT_REACHED,
        /** The server is not the cluster leader (the SDK follows it by itself while time allows). */
        NOT_LEADER,
        /** The server is shutting down (the SDK goes elsewhere by itself while time allows). */
        SHUTTING_DOWN,
        /** A server bug. */
        INTERNAL,
        /** A field of the request is out of range or badly formed. */
        INVALID_REQUEST
    }

    private final Code code;
    private final Duration retryAfter;

    public LicenseProtocolException(Code code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
    }

    public Code code() {
        return code;
    }

    /** How long the server asked the client to wait before trying again; zero when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
