package io.licman.core.protocol;

import com.google.protobuf.ByteString;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Ping;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Helpers to build byte streams and feed them to decoders in test. */
final class Frames {

    private Frames() {
    }

    static ClientFrame ping(long requestId, String payload) {
        return ClientFrame.newBuilder().setRequestId(requestId)
                .setPing(Ping.newBuilder().setPayload(ByteString.copyFromUtf8(payload))).build();
    }

    /** The preamble followed by each frame, encoded. */
    static byte[] clientStream(List<ClientFrame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Preamble.current().toBytes());
        FrameEncoder encoder = new FrameEncoder();
        frames.forEach(f -> out.writeBytes(encoder.encode(f)));
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Feeds {@code bytes} in chunks of {@code chunk} bytes and collects every frame. */
    static <T extends com.google.protobuf.MessageLite> List<T> decodeInChunks(FrameDecoder<T> decoder, byte[] bytes, int chunk)
            throws ProtocolException {
        List<T> frames = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += chunk) {
            frames.addAll(decodeAll(decoder, ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at))));
        }
        return frames;
    }

    /** Every frame that {@code chunk} completes. */
    static <T extends com.google.protobuf.MessageLite> List<T> decodeAll(FrameDecoder<T> decoder, ByteBuffer chunk)
            throws ProtocolException {
        List<T> frames = new ArrayList<>();
        T frame;
        while ((frame = decoder.decode(chunk)) != null) {
            frames.add(frame);
        }
        return frames;
    }

    static byte[] lengthPrefix(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }
}
