package io.licman.core.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.DiscoveryRequest;
import io.licman.core.protocol.v1.ErrorCode;
import java.util.Arrays;
import java.util.Optional;

/**
 * UDP discovery datagrams: the 4 bytes {@code LMD1}, then a {@link DiscoveryRequest} or
 * {@link DiscoveryReply}. A reply is never larger than the request that caused it, so port 1384
 * cannot be used to amplify traffic; {@link #encodeReply} enforces it.
 *
 * <pre>{@code
 * // client
 * byte[] request = DatagramCodec.encodeRequest(req, DatagramCodec.RECOMMENDED_REQUEST_SIZE);
 * // server
 * DiscoveryRequest req = DatagramCodec.decodeRequest(packet.getData(), packet.getOffset(), packet.getLength());
 * DatagramCodec.encodeReply(reply, packet.getLength()).ifPresent(bytes -> send(bytes));
 * }</pre>
 */
public final class DatagramCodec {

    /** The largest datagram sent or accepted: what fits the IPv6 minimum MTU (1280 - 40 - 8). */
    public static final int MAX_DATAGRAM_SIZE = 1232;

    /** The size clients pad their requests to, leaving room for a useful reply. */
    public static final int RECOMMENDED_REQUEST_SIZE = 1200;

    private static final byte[] MAGIC = {'L', 'M', 'D', '1'};

    /** Length of the magic prefix. */
    public static final int MAGIC_LENGTH = MAGIC.length;

    /** {@code DiscoveryRequest.padding}'s field number. */
    private static final int PADDING_FIELD = DiscoveryRequest.PADDING_FIELD_NUMBER;

    private DatagramCodec() {
    }

    /** The magic prefix {@code LMD1}. */
    public static byte[] magic() {
        return MAGIC.clone();
    }

    /** A request datagram exactly as given, without adding padding. */
    public static byte[] encodeRequest(DiscoveryRequest request) {
        return withMagic(request);
    }

    /**
     * A request datagram padded to {@code size} bytes, which lets the reply be as large. It is one
     * byte less where the padding's own length prefix makes {@code size} unreachable, and unpadded
     * when {@code size} leaves room for less than a 3-byte padding field.
     *
     * @throws IllegalArgumentException when {@code size} exceeds {@link #MAX_DATAGRAM_SIZE}
     */
    public static byte[] encodeRequest(DiscoveryRequest request, int size) {
        if (size > MAX_DATAGRAM_SIZE) {
            throw new IllegalArgumentException("a discovery datagram is at most " + MAX_DATAGRAM_SIZE + " bytes, not " + size);
        }
        DiscoveryRequest bare = request.toBuilder().clearPadding().build();
        int room = size - MAGIC_LENGTH - bare.getSerializedSize();
        int padding = paddingLength(room);
        if (padding < 0) {
            return withMagic(bare);
        }
        return withMagic(bare.toBuilder().setPadding(ByteString.copyFrom(new byte[padding])).build());
    }

    /**
     * The longest padding whose field (tag, length and bytes) fits in {@code room} bytes; -1 if
     * none does. Padding is at least one byte: proto3 does not write an empty field.
     */
    static int paddingLength(int room) {
        int tagSize = CodedOutputStream.computeTagSize(PADDING_FIELD);
        for (int length = room - tagSize - 1; length >= 1; length--) {
            int fieldSize = tagSize + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
            if (fieldSize <= room) {
                return length;
            }
        }
        return -1;
    }

    /**
     * Reads a request datagram.
     *
     * @throws ProtocolException when the datagram is too large, lacks the magic or is malformed:
     *     drop it without answering
     */
    public static DiscoveryRequest decodeRequest(byte[] data, int offset, int length) throws ProtocolException {
        return decode(DiscoveryRequest.parser(), "DiscoveryRequest", data, offset, length);
    }

    /** Reads a reply datagram; throws as {@link #decodeRequest} does. */
    public static DiscoveryReply decodeReply(byte[] data, int offset, int length) throws ProtocolException {
        return decode(DiscoveryReply.parser(), "DiscoveryReply", data, offset, length);
    }

    /**
     * The reply datagram to a request of {@code requestSize} bytes: {@code reply} itself when it
     * fits, otherwise cut down by {@link DiscoveryReplyFitter} with {@code truncated} set.
     *
     * @return the datagram, never longer than {@code requestSize}; empty when not even the
     *     smallest reply fits, in which case nothing is sent
     */
    public static Optional<byte[]> encodeReply(DiscoveryReply reply, int requestSize) {
        int budget = Math.min(requestSize, MAX_DATAGRAM_SIZE) - MAGIC_LENGTH;
        return DiscoveryReplyFitter.fit(reply, budget).map(DatagramCodec::withMagic);
    }

    /** True when the datagram starts with {@code LMD1}: a cheap test before parsing. */
    public static boolean hasMagic(byte[] data, int offset, int length) {
        return length >= MAGIC_LENGTH && Arrays.equals(data, offset, offset + MAGIC_LENGTH, MAGIC, 0, MAGIC_LENGTH);
    }

    private static <T extends MessageLite> T decode(Parser<T> parser, String name, byte[] data, int offset, int length)
            throws ProtocolException {
        if (length > MAX_DATAGRAM_SIZE) {
            throw ProtocolException.fatal(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE, "a discovery datagram of " + length
                    + " bytes is over the limit of " + MAX_DATAGRAM_SIZE + " bytes");
        }
        if (!hasMagic(data, offset, length)) {
            throw ProtocolException.fatal(ErrorCode.ERROR_CODE_PROTOCOL_ERROR,
                    "the datagram does not start with LMD1: it is not licman discovery traffic");
        }
        try {
            return parser.parseFrom(data, offset + MAGIC_LENGTH, length - MAGIC_LENGTH);
        } catch (InvalidProtocolBufferException e) {
            throw ProtocolException.fatal(ErrorCode.ERROR_CODE_PROTOCOL_ERROR,
                    "the datagram is not a valid " + name + ": " + e.getMessage(), e);
        }
    }

    private static byte[] withMagic(MessageLite message) {
        byte[] out = new byte[MAGIC_LENGTH + message.getSerializedSize()];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC_LENGTH);
        CodedOutputStream coded = CodedOutputStream.newInstance(out, MAGIC_LENGTH, out.length - MAGIC_LENGTH);
        try {
            message.writeTo(coded);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the message changed size while it was written", e);
        }
        coded.checkNoSpaceLeft();
        return out;
    }
}
