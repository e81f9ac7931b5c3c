package io.licman.server.net;

import io.licman.core.protocol.FrameEncoder;
import io.licman.core.protocol.v1.ServerFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Writes {@link ServerFrame}s as length-prefixed protobuf frames. */
final class ServerFrameEncoder extends MessageToMessageEncoder<ServerFrame> {

    private volatile FrameEncoder encoder;

    ServerFrameEncoder(int maxFrameBytes) {
        this.encoder = new FrameEncoder(maxFrameBytes);
    }

    /** Lowers the frame limit after the handshake agreed a smaller one. */
    void lowerMaxFrameSize(int bytes) {
        encoder = new FrameEncoder(bytes);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ServerFrame frame, List<Object> out) {
        out.add(Unpooled.wrappedBuffer(encoder.encode(frame)));
    }
}
