package io.licman.core.protocol;

/** Checks frame size limits, in one place for the encoder, decoder and negotiation. */
final class FrameLimits {

    private FrameLimits() {
    }

    static int requireValid(int maxFrameSize) {
        if (maxFrameSize < Protocol.MIN_FRAME_SIZE_LIMIT || maxFrameSize > Protocol.MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("a frame size limit must be between " + Protocol.MIN_FRAME_SIZE_LIMIT
                    + " and " + Protocol.MAX_FRAME_SIZE + " bytes, not " + maxFrameSize);
        }
        return maxFrameSize;
    }
}
