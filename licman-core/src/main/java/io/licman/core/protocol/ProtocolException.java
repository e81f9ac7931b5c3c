package io.licman.core.protocol;

import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.ServerFrame;

/**
 * The peer broke the protocol: a bad preamble, an unsupported version, an oversized or
 * malformed frame, or a message this side does not know.
 *
 * <p>{@link #code()} is the code to send back in an {@code Error}. A {@linkplain #isFatal() fatal}
 * violation ends the session: the byte stream can no longer be trusted. A non-fatal one
 * ({@link ErrorCode#ERROR_CODE_UNKNOWN_MESSAGE}) concerns one frame only; the decoder is ready for
 * the next frame, and a server answers the offending request and carries on.
 */
public final class ProtocolException extends Exception {

    private final ErrorCode code;
    private final boolean fatal;
    private final long requestId;

    private ProtocolException(ErrorCode code, boolean fatal, long requestId, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.fatal = fatal;
        this.requestId = requestId;
    }

    /** A violation after which the connection must be closed. */
    public static ProtocolException fatal(ErrorCode code, String message) {
        return new ProtocolException(code, true, 0, message, null);
    }

    /** A fatal violation caused by {@code cause}. */
    public static ProtocolException fatal(ErrorCode code, String message, Throwable cause) {
        return new ProtocolException(code, true, 0, message, cause);
    }

    /** A violation confined to the frame with {@code requestId}; the session may go on. */
    public static ProtocolException recoverable(ErrorCode code, long requestId, String message) {
        return new ProtocolException(code, false, requestId, message, null);
    }

    /** The code to report to the peer. */
    public ErrorCode code() {
        return code;
    }

    /** True when the connection must be closed (after sending {@link #toServerFrame()}, on a server). */
    public boolean isFatal() {
        return fatal;
    }

    /** The request id of the offending frame, or 0 when it could not be read. */
    public long requestId() {
        return requestId;
    }

    /**
     * The {@code Error} frame a server sends about this violation; for
     * {@code UNSUPPORTED_VERSION} it names the versions this side speaks.
     */
    public ServerFrame toServerFrame() {
        io.licman.core.protocol.v1.Error.Builder error = io.licman.core.protocol.v1.Error.newBuilder()
                .setCode(code)
                .setMessage(getMessage());
        if (code == ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION) {
            error.setSupported(VersionNegotiation.supported());
        }
        return ServerFrame.newBuilder().setRequestId(requestId).setError(error).build();
    }
}
