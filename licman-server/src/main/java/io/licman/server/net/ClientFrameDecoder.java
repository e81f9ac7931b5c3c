package io.licman.server.net;

import io.licman.core.protocol.FrameDecoder;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.ClientFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bytes of a binary session (preamble first) into {@link ClientFrame}s with the
 * transport-independent decoder of licman-core. A protocol violation is answered with an
 * {@code Error} frame; a fatal one then closes the connection, a recoverable one (an unknown
 * message) lets the session go on.
 */
final class ClientFrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ClientFrameDecoder.class);

    private final FrameDecoder<ClientFrame> decoder;
    private boolean failed;

    ClientFrameDecoder(int maxFrameBytes) {
        this.decoder = FrameDecoder.forServer(maxFrameBytes);
    }

    /** Lowers the frame limit after the handshake agreed a smaller one. */
    void lowerMaxFrameSize(int bytes) {
        decoder.lowerMaxFrameSize(bytes);
    }

    /** True when no partial frame is buffered: a close now is at a frame boundary. */
    boolean isAtFrameBoundary() {
        return !failed && decoder.isAtFrameBoundary() && actualReadableBytes() == 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        ByteBuffer chunk = in.nioBuffer();
        int start = chunk.position();
        try {
            ClientFrame frame;
            while ((frame = decoder.decode(chunk)) != null) {
                out.add(frame);
            }
            in.skipBytes(chunk.position() - start);
        } catch (ProtocolException e) {
            if (e.isFatal()) {
                failed = true;
                in.skipBytes(in.readableBytes());
                LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), e.getMessage());
                ctx.writeAndFlush(e.toServerFrame()).addListener(ChannelFutureListener.CLOSE);
            } else {
                in.skipBytes(chunk.position() - start);
                ctx.writeAndFlush(e.toServerFrame());
            }
        }
    }
}
