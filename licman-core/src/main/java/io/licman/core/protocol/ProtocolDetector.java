package io.licman.core.protocol;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Tells the binary protocol from TLS and HTTP by the first bytes of a connection, so that all
 * three can share port 1384. At most {@link #MAX_BYTES_NEEDED} bytes are ever needed.
 *
 * <pre>{@code
 * Optional<WireProtocol> kind = ProtocolDetector.detect(firstBytes);   // does not consume
 * if (kind.isEmpty()) { wait for more bytes }
 * }</pre>
 */
public final class ProtocolDetector {

    /** The most bytes {@link #detect} looks at before it decides. */
    public static final int MAX_BYTES_NEEDED = 16;

    private static final byte TLS_HANDSHAKE = 0x16;
    private static final byte TLS_MAJOR = 0x03;
    private static final int SHORTEST_HTTP_METHOD = 3;

    private ProtocolDetector() {
    }

    /**
     * Decides from the bytes between {@code firstBytes}'s position and limit, without consuming them.
     *
     * @return the protocol, or empty when more bytes are needed to decide
     */
    public static Optional<WireProtocol> detect(ByteBuffer firstBytes) {
        int start = firstBytes.position();
        int available = Math.min(firstBytes.remaining(), MAX_BYTES_NEEDED);
        if (available == 0) {
            return Optional.empty();
        }
        byte first = firstBytes.get(start);
        if (first == TLS_HANDSHAKE) {
            return available < 2 ? Optional.empty()
                    : Optional.of(firstBytes.get(start + 1) == TLS_MAJOR ? WireProtocol.TLS : WireProtocol.UNKNOWN);
        }
        if (startsWithMagic(firstBytes, start, available)) {
            return available < Preamble.MAGIC_LENGTH ? Optional.empty() : Optional.of(WireProtocol.LICMAN);
        }
        return detectHttpMethod(firstBytes, start, available);
    }

    private static boolean startsWithMagic(ByteBuffer in, int start, int available) {
        byte[] magic = Preamble.magic();
        for (int i = 0; i < Math.min(available, magic.length); i++) {
            if (in.get(start + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static Optional<WireProtocol> detectHttpMethod(ByteBuffer in, int start, int available) {
        for (int i = 0; i < available; i++) {
            byte b = in.get(start + i);
            if (b == ' ') {
                return Optional.of(i >= SHORTEST_HTTP_METHOD ? WireProtocol.HTTP : WireProtocol.UNKNOWN);
            }
            if (b < 'A' || b > 'Z') {
                return Optional.of(WireProtocol.UNKNOWN);
            }
        }
        return available < MAX_BYTES_NEEDED ? Optional.empty() : Optional.of(WireProtocol.UNKNOWN);
    }
}
