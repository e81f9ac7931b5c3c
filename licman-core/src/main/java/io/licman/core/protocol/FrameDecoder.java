package io.licman.core.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Turns the bytes of one connection, in chunks of any size, back into frames. A server's decoder
 * first reads the {@link Preamble}; a client's reads frames from the first byte.
 *
 * <p>Call {@link #decode(ByteBuffer)} until it returns {@code null}; each call consumes bytes up to
 * the end of one frame, so the rest of the chunk stays in the buffer for the next call:
 *
 * <pre>{@code
 * FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
 * ClientFrame frame;
 * while ((frame = decoder.decode(chunk)) != null) {
 *     handle(frame);
 * }
 * }</pre>
 *
 * <p>The decoder holds at most one partial frame. A length over the limit is refused as soon as
 * its 4 bytes are read, before any of the frame is buffered; the buffer for a frame grows with
 * the bytes that actually arrive. After a fatal {@link ProtocolException} every call throws it
 * again; after a recoverable one (an unknown message) decoding continues with the next frame.
 * Not thread-safe: one decoder per connection, used by one thread at a time.
 *
 * @param <T> {@link ClientFrame} on a server, {@link ServerFrame} on a client
 */
public final class FrameDecoder<T extends MessageLite> {

    /** What the decoder is waiting for. */
    public enum State {
        /** The 8 preamble bytes (server side only). */
        READ_PREAMBLE,
        /** The 4 bytes of a frame length. */
        READ_LENGTH,
        /** The body of a frame whose length is known. */
        READ_BODY,
        /** A fatal violation happened; nothing more is decoded. */
        FAILED
    }

    /** The first buffer for a frame body; it doubles as bytes arrive, up to the frame's length. */
    private static final int INITIAL_BODY_BUFFER = 4096;

    private final Parser<T> parser;
    private final Predicate<T> hasKnownBody;
    private final ToLongFunction<T> requestIdOf;
    private final boolean requireRequestId;
    private final String frameName;

    private State state;
    private int maxFrameSize;
    private final byte[] header = new byte[Preamble.LENGTH];
    private int headerFill;
    private byte[] body;
    private int bodyLength;
    private int bodyFill;
    private Preamble preamble;
    private ProtocolException failure;

    private FrameDecoder(Parser<T> parser, Predicate<T> hasKnownBody, ToLongFunction<T> requestIdOf,
                         boolean server, int maxFrameSize) {
        this.parser = parser;
        this.hasKnownBody = hasKnownBody;
        this.requestIdOf = requestIdOf;
        this.requireRequestId = server;
        this.frameName = server ? "ClientFrame" : "ServerFrame";
        this.maxFrameSize = FrameLimits.requireValid(maxFrameSize);
        this.state = server ? State.READ_PREAMBLE : State.READ_LENGTH;
    }

    /** A server's decoder: the preamble, then {@link ClientFrame}s up to {@link Protocol#MAX_FRAME_SIZE}. */
    public static FrameDecoder<ClientFrame> forServer() {
        return forServer(Protocol.MAX_FRAME_SIZE);
    }

    /** A server's decoder with a lower frame limit (a server setting). */
    public static FrameDecoder<ClientFrame> forServer(int maxFrameSize) {
        return new FrameDecoder<>(ClientFrame.parser(), f -> f.getBodyCase() != ClientFrame.BodyCase.BODY_NOT_SET,
                ClientFrame::getRequestId, true, maxFrameSize);
    }

    /** A client's decoder: {@link ServerFrame}s up to {@link Protocol#MAX_FRAME_SIZE}, no preamble. */
    public static FrameDecoder<ServerFrame> forClient() {
        return forClient(Protocol.MAX_FRAME_SIZE);
    }

    /** A client's decoder with the frame limit it announces in {@code Hello.max_frame_size}. */
    public static FrameDecoder<ServerFrame> forClient(int maxFrameSize) {
        return new FrameDecoder<>(ServerFrame.parser(), f -> f.getBodyCase() != ServerFrame.BodyCase.BODY_NOT_SET,
                ServerFrame::getRequestId, false, maxFrameSize);
    }

    /**
     * Consumes bytes from {@code in} until one frame is complete, and returns it; returns
     * {@code null} once {@code in} is used up without completing a frame.
     *
     * @throws ProtocolException on a bad preamble, an unsupported version, an oversized length, a
     *     malformed message, a client frame with request id 0 (all fatal), or a frame whose body is
     *     unknown to this side (recoverable: {@code in} is positioned after that frame)
     */
    public T decode(ByteBuffer in) throws ProtocolException {
        while (true) {
            switch (state) {
                case FAILED:
                    throw failure;
                case READ_PREAMBLE:
                    if (!readPreamble(in)) {
                        return null;
                    }
                    break;
                case READ_LENGTH:
                    if (!readLength(in)) {
                        return null;
                    }
                    if (bodyLength == 0 || in.remaining() < bodyLength) {
                        startBody();
                        break;
                    }
                    return complete(parseDirect(in));
                case READ_BODY:
                    if (!readBody(in)) {
                        return null;
                    }
                    return complete(parse(ByteBuffer.wrap(body, 0, bodyLength)));
                default:
                    throw new IllegalStateException(state.toString());
            }
        }
    }

    /**
     * Tells the decoder that the peer closed the connection.
     *
     * @throws ProtocolException {@code PROTOCOL_ERROR} when the stream ended inside the preamble or
     *     a frame; a close between frames is clean and returns normally
     */
    public void endOfStream() throws ProtocolException {
        if (state == State.FAILED) {
            throw failure;
        }
        if (state == State.READ_BODY || headerFill > 0) {
            String what = state == State.READ_PREAMBLE ? "the preamble (" + headerFill + " of " + Preamble.LENGTH + " bytes)"
                    : state == State.READ_LENGTH ? "a frame length (" + headerFill + " of 4 bytes)"
                    : "a frame (" + bodyFill + " of " + bodyLength + " bytes)";
            throw fail(ErrorCode.ERROR_CODE_PROTOCOL_ERROR, "the connection closed in the middle of " + what
                    + ": the last message was cut off, so it was not processed");
        }
    }

    /** What the decoder waits for now. */
    public State state() {
        return state;
    }

    /** True between frames: a close now loses nothing. */
    public boolean isAtFrameBoundary() {
        return state == State.READ_LENGTH && headerFill == 0;
    }

    /** Bytes held for an incomplete preamble, length or frame. */
    public int bufferedBytes() {
        return state == State.READ_BODY ? bodyFill : headerFill;
    }

    /** The largest frame body accepted, in bytes. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Lowers the frame limit, after {@code Welcome} agreed on one; it applies from the next length read.
     *
     * @throws IllegalArgumentException when the limit is higher than the current one or below
     *     {@link Protocol#MIN_FRAME_SIZE_LIMIT}
     */
    public void lowerMaxFrameSize(int newLimit) {
        FrameLimits.requireValid(newLimit);
        if (newLimit > maxFrameSize) {
            throw new IllegalArgumentException("the frame limit can only be lowered, from " + maxFrameSize
                    + " bytes, not raised to " + newLimit);
        }
        maxFrameSize = newLimit;
    }

    /** The preamble the client sent, once read (server side). */
    public Optional<Preamble> preamble() {
        return Optional.ofNullable(preamble);
    }

    private boolean readPreamble(ByteBuffer in) throws ProtocolException {
        while (headerFill < Preamble.LENGTH && in.hasRemaining()) {
            byte b = in.get();
            if (headerFill < Preamble.MAGIC_LENGTH) {
                checkMagic(b);
            }
            header[headerFill++] = b;
        }
        if (headerFill < Preamble.LENGTH) {
            return false;
        }
        try {
            preamble = Preamble.parse(header.clone());
        } catch (ProtocolException e) {
            throw fail(e);
        }
        headerFill = 0;
        state = State.READ_LENGTH;
        return true;
    }

    private void checkMagic(byte b) throws ProtocolException {
        try {
            Preamble.requireMagicByte(headerFill, b);
        } catch (ProtocolException e) {
            throw fail(e);
        }
    }

    private boolean readLength(ByteBuffer in) throws ProtocolException {
        while (headerFill < Protocol.LENGTH_PREFIX_SIZE && in.hasRemaining()) {
            header[headerFill++] = in.get();
        }
        if (headerFill < Protocol.LENGTH_PREFIX_SIZE) {
            return false;
        }
        headerFill = 0;
        long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        if (length > maxFrameSize) {
            throw fail(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE, "a frame of " + length + " bytes was announced, over the limit of "
                    + maxFrameSize + " bytes: the peer must send smaller messages (or this is not a licman peer)");
        }
        bodyLength = (int) length;
        return true;
    }

    private void startBody() {
        body = new byte[Math.min(bodyLength, INITIAL_BODY_BUFFER)];
        bodyFill = 0;
        state = State.READ_BODY;
    }

    private boolean readBody(ByteBuffer in) {
        int n = Math.min(in.remaining(), bodyLength - bodyFill);
        if (bodyFill + n > body.length) {
            int capacity = body.length;
            while (capacity < bodyFill + n) {
                capacity = (int) Math.min((long) capacity * 2, bodyLength);
            }
            body = Arrays.copyOf(body, capacity);
        }
        in.get(body, bodyFill, n);
        bodyFill += n;
        return bodyFill == bodyLength;
    }

    private T parseDirect(ByteBuffer in) throws ProtocolException {
        ByteBuffer frame = in.slice();
        frame.limit(bodyLength);
        in.position(in.position() + bodyLength);
        return parse(frame);
    }

    private T parse(ByteBuffer bytes) throws ProtocolException {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw fail(ErrorCode.ERROR_CODE_PROTOCOL_ERROR, "a frame of " + bodyLength + " bytes is not a valid "
                    + frameName + " (" + e.getMessage() + "): the peer's encoder is broken or this is not a licman peer", e);
        }
    }

    private T complete(T frame) throws ProtocolException {
        body = null;
        bodyFill = 0;
        state = State.READ_LENGTH;
        long requestId = requestIdOf.applyAsLong(frame);
        if (requireRequestId && requestId == 0) {
            throw fail(ErrorCode.ERROR_CODE_PROTOCOL_ERROR,
                    "a request came with request id 0, which is reserved for server pushes: number requests from 1");
        }
        if (!hasKnownBody.test(frame)) {
            throw ProtocolException.recoverable(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, requestId, "the " + frameName
                    + " with request id " + requestId + " holds a message this side does not know"
                    + " (a newer protocol version?): it was skipped");
        }
        return frame;
    }

    private ProtocolException fail(ErrorCode code, String message) {
        return fail(ProtocolException.fatal(code, message));
    }

    private ProtocolException fail(ErrorCode code, String message, Throwable cause) {
        return fail(ProtocolException.fatal(code, message, cause));
    }

    private ProtocolException fail(ProtocolException e) {
        failure = e;
        state = State.FAILED;
        body = null;
        return e;
    }
}
