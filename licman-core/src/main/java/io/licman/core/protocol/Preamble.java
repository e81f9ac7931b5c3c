package io.licman.core.protocol;

import io.licman.core.protocol.v1.ErrorCode;
import java.util.HexFormat;

/**
 * The 8 bytes a client sends first on a TCP connection: the magic {@code LMAN}
 * ({@code 4C 4D 41 4E}), the major protocol version as a big-endian 16-bit number, and two
 * zero bytes.
 *
 * <pre>{@code
 * out.write(Preamble.current().toBytes());   // 4C 4D 41 4E 00 01 00 00
 * }</pre>
 *
 * @param majorVersion the major version the client speaks, 0 to 65535
 */
public record Preamble(int majorVersion) {

    /** Length of the preamble in bytes. */
    public static final int LENGTH = 8;

    private static final byte[] MAGIC = {0x4C, 0x4D, 0x41, 0x4E};

    /** Length of the magic at the start of the preamble. */
    static final int MAGIC_LENGTH = MAGIC.length;

    public Preamble {
        if (majorVersion < 0 || majorVersion > 0xFFFF) {
            throw new IllegalArgumentException("a major version fits in 16 bits, not " + majorVersion);
        }
    }

    /** The preamble of {@link Protocol#MAJOR_VERSION}. */
    public static Preamble current() {
        return new Preamble(Protocol.MAJOR_VERSION);
    }

    /** The four magic bytes {@code LMAN}. */
    public static byte[] magic() {
        return MAGIC.clone();
    }

    /** The 8 bytes to send. */
    public byte[] toBytes() {
        return new byte[] {MAGIC[0], MAGIC[1], MAGIC[2], MAGIC[3], (byte) (majorVersion >>> 8), (byte) majorVersion, 0, 0};
    }

    /**
     * Reads and checks a preamble.
     *
     * @param bytes exactly {@link #LENGTH} bytes as received
     * @throws ProtocolException {@code PROTOCOL_ERROR} when the magic is wrong,
     *     {@code UNSUPPORTED_VERSION} when the major version is not {@link Protocol#MAJOR_VERSION}
     *     (whatever the reserved bytes hold: a later version may use them), {@code PROTOCOL_ERROR}
     *     when the reserved bytes of a version 1 preamble are not zero
     */
    public static Preamble parse(byte[] bytes) throws ProtocolException {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a preamble is " + LENGTH + " bytes, not " + bytes.length);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            requireMagicByte(i, bytes[i]);
        }
        Preamble preamble = new Preamble(((bytes[4] & 0xFF) << 8) | (bytes[5] & 0xFF));
        if (preamble.majorVersion != Protocol.MAJOR_VERSION) {
            throw ProtocolException.fatal(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
                    "the client speaks protocol major version " + preamble.majorVersion + ", this side speaks only "
                            + Protocol.MAJOR_VERSION + ": use a client and server of the same major version");
        }
        if (bytes[6] != 0 || bytes[7] != 0) {
            throw ProtocolException.fatal(ErrorCode.ERROR_CODE_PROTOCOL_ERROR,
                    "bytes 7 and 8 of the preamble must be zero, got " + hex(bytes) + ": the client is not a licman "
                            + "version " + Protocol.MAJOR_VERSION + " client");
        }
        return preamble;
    }

    /** Checks byte {@code index} (0 to 3) of the magic as soon as it arrives, so strangers fail fast. */
    static void requireMagicByte(int index, byte value) throws ProtocolException {
        if (value != MAGIC[index]) {
            throw ProtocolException.fatal(ErrorCode.ERROR_CODE_PROTOCOL_ERROR, String.format(
                    "byte %d of the connection is 0x%02X where the preamble has 0x%02X ('%c'): this is not a "
                            + "licman client (a licman connection starts with LMAN)",
                    index + 1, value & 0xFF, MAGIC[index], (char) MAGIC[index]));
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
