package io.licman.core.protocol;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Turns a frame ({@code ClientFrame} or {@code ServerFrame}) into its bytes on the wire: a 4-byte
 * big-endian length N, then the N bytes of the message. Immutable and thread-safe.
 *
 * <pre>{@code
 * FrameEncoder encoder = new FrameEncoder(welcome.getMaxFrameSize());
 * out.write(encoder.encode(frame));
 * }</pre>
 *
 * <p>A frame larger than the limit is refused with {@link IllegalArgumentException}: the caller
 * decides what to send instead ({@link #fits(MessageLite)} asks first).
 */
public final class FrameEncoder {

    private final int maxFrameSize;

    /** An encoder for frames up to {@link Protocol#MAX_FRAME_SIZE}, the limit before the handshake. */
    public FrameEncoder() {
        this(Protocol.MAX_FRAME_SIZE);
    }

    /**
     * An encoder for frames up to {@code maxFrameSize} bytes, the limit agreed in {@code Welcome}.
     *
     * @throws IllegalArgumentException when the limit is outside
     *     {@link Protocol#MIN_FRAME_SIZE_LIMIT}..{@link Protocol#MAX_FRAME_SIZE}
     */
    public FrameEncoder(int maxFrameSize) {
        this.maxFrameSize = FrameLimits.requireValid(maxFrameSize);
    }

    /** The largest frame body this encoder writes, in bytes. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** True when {@code frame} is within the limit. */
    public boolean fits(MessageLite frame) {
        return frame.getSerializedSize() <= maxFrameSize;
    }

    /** The number of bytes {@code frame} takes on the wire, length prefix included. */
    public static int wireSize(MessageLite frame) {
        return Protocol.LENGTH_PREFIX_SIZE + frame.getSerializedSize();
    }

    /** The length prefix and the message, in a new array. */
    public byte[] encode(MessageLite frame) {
        int size = checkedSize(frame);
        byte[] out = new byte[Protocol.LENGTH_PREFIX_SIZE + size];
        ByteBuffer.wrap(out).putInt(size);
        CodedOutputStream coded = CodedOutputStream.newInstance(out, Protocol.LENGTH_PREFIX_SIZE, size);
        write(frame, coded);
        coded.checkNoSpaceLeft();
        return out;
    }

    /**
     * Writes the length prefix and the message into {@code out} at its position, and advances it.
     *
     * @throws java.nio.BufferOverflowException when {@code out} has less than {@link #wireSize} bytes left
     */
    public void encodeTo(MessageLite frame, ByteBuffer out) {
        int size = checkedSize(frame);
        if (out.remaining() < Protocol.LENGTH_PREFIX_SIZE + size) {
            throw new java.nio.BufferOverflowException();
        }
        out.put((byte) (size >>> 24)).put((byte) (size >>> 16)).put((byte) (size >>> 8)).put((byte) size);
        ByteBuffer body = out.slice();
        body.limit(size);
        write(frame, CodedOutputStream.newInstance(body));
        out.position(out.position() + size);
    }

    /** Writes the length prefix and the message to {@code out}, without flushing it. */
    public void writeTo(MessageLite frame, OutputStream out) throws IOException {
        out.write(encode(frame));
    }

    private int checkedSize(MessageLite frame) {
        int size = frame.getSerializedSize();
        if (size > maxFrameSize) {
            throw new IllegalArgumentException("a frame of " + size + " bytes exceeds the limit of " + maxFrameSize
                    + " bytes agreed for this session: send less in one message (for a status, filter by feature)");
        }
        return size;
    }

    private static void write(MessageLite frame, CodedOutputStream coded) {
        try {
            frame.writeTo(coded);
            coded.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the frame changed size while it was written", e);
        }
    }
}
