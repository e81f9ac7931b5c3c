package io.licman.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.licman.core.protocol.FrameDecoder;
import io.licman.core.protocol.Protocol;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ServerFrame;
import java.nio.ByteBuffer;

/**
 * The frame decoders take any bytes in chunks of any size: they return frames or throw
 * {@link ProtocolException}, never anything else, never buffer more than the frame limit, and
 * after a fatal error they keep failing. {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class FrameDecoderFuzzTest {

    private static final int LIMIT = Protocol.MIN_FRAME_SIZE_LIMIT;

    @FuzzTest(maxDuration = "2m")
    void serverDecoderTakesAnyBytesInAnyChunks(FuzzedDataProvider data) {
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer(LIMIT);
        feed(data, decoder);
    }

    @FuzzTest(maxDuration = "2m")
    void clientDecoderTakesAnyBytesInAnyChunks(FuzzedDataProvider data) {
        FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient(LIMIT);
        feed(data, decoder);
    }

    private static void feed(FuzzedDataProvider data, FrameDecoder<?> decoder) {
        boolean failed = false;
        while (data.remainingBytes() > 0) {
            ByteBuffer chunk = ByteBuffer.wrap(data.consumeBytes(data.consumeInt(1, 4096)));
            try {
                while (decoder.decode(chunk) != null) {
                    if (failed) {
                        throw new IllegalStateException("a frame came out after a fatal error");
                    }
                }
                if (chunk.hasRemaining()) {
                    throw new IllegalStateException("decode returned null with " + chunk.remaining() + " bytes left");
                }
            } catch (ProtocolException e) {
                failed |= e.isFatal();
            }
            if (decoder.bufferedBytes() > LIMIT) {
                throw new IllegalStateException("buffered " + decoder.bufferedBytes() + " bytes, over the frame limit");
            }
        }
        try {
            decoder.endOfStream();
        } catch (ProtocolException e) {
            // a cut-off frame is a protocol error, as it should be
        }
    }
}
