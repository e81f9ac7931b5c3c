package io.licman.core.protocol;

import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.VersionRange;
import java.util.OptionalInt;

/**
 * The server's side of the handshake: which minor version and which frame limit a session
 * uses, from the client's {@code Hello} and what this code speaks.
 */
public final class VersionNegotiation {

    private VersionNegotiation() {
    }

    /** The versions this code speaks, as sent in an {@code UNSUPPORTED_VERSION} error. */
    public static VersionRange supported() {
        return VersionRange.newBuilder()
                .setMajorVersion(Protocol.MAJOR_VERSION)
                .setMinMinorVersion(Protocol.MIN_MINOR_VERSION)
                .setMaxMinorVersion(Protocol.MAX_MINOR_VERSION)
                .build();
    }

    /** The minor version for a session: the highest that both sides speak; empty when there is none. */
    public static OptionalInt chooseMinorVersion(Hello hello) {
        return chooseMinorVersion(hello.getMinMinorVersion(), hello.getMaxMinorVersion(),
                Protocol.MIN_MINOR_VERSION, Protocol.MAX_MINOR_VERSION);
    }

    /** The highest version in both ranges (bounds included); empty when they do not overlap. */
    public static OptionalInt chooseMinorVersion(int clientMin, int clientMax, int serverMin, int serverMax) {
        int chosen = Math.min(clientMax, serverMax);
        if (chosen < Math.max(clientMin, serverMin) || clientMin > clientMax) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(chosen);
    }

    /**
     * The frame limit for a session, sent in {@code Welcome.max_frame_size}: the lower of the two
     * sides' limits, never below {@link Protocol#MIN_FRAME_SIZE_LIMIT}.
     *
     * @param clientLimit {@code Hello.max_frame_size}; 0 means {@link Protocol#MAX_FRAME_SIZE}
     * @param serverLimit the server's own setting
     */
    public static int frameSize(long clientLimit, int serverLimit) {
        long client = clientLimit == 0 ? Protocol.MAX_FRAME_SIZE : clientLimit;
        long chosen = Math.min(Math.min(client, serverLimit), Protocol.MAX_FRAME_SIZE);
        return (int) Math.max(chosen, Protocol.MIN_FRAME_SIZE_LIMIT);
    }
}
