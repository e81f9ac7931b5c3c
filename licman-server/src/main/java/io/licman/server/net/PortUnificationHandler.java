package io.licman.server.net;

import io.licman.core.protocol.ProtocolDetector;
import io.licman.core.protocol.WireProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Looks at the first bytes of a TCP connection on port 1384 and installs the pipeline for what
 * it finds: the binary licman protocol ({@code LMAN} preamble), HTTP/1.1 (an ASCII method), or
 * TLS (a ClientHello record, 0x16). It then removes itself, passing the bytes on untouched.
 */
final class PortUnificationHandler extends ByteToMessageDecoder {

    private final PipelineInstaller installer;

    PortUnificationHandler(PipelineInstaller installer) {
        this.installer = installer;
    }

    /** Builds the handlers for each protocol; the implementation decides what follows. */
    interface PipelineInstaller {
        void installBinary(ChannelHandlerContext ctx);

        void installHttp(ChannelHandlerContext ctx);

        /** TLS is recognised here; where it is not enabled the connection is closed with a log line. */
        void installTls(ChannelHandlerContext ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int readable = Math.min(in.readableBytes(), ProtocolDetector.MAX_BYTES_NEEDED);
        ByteBuffer peek = in.nioBuffer(in.readerIndex(), readable);
        Optional<WireProtocol> kind = ProtocolDetector.detect(peek);
        if (kind.isEmpty()) {
            return;
        }
        switch (kind.get()) {
            case LICMAN -> installer.installBinary(ctx);
            case HTTP -> installer.installHttp(ctx);
            case TLS -> installer.installTls(ctx);
            default -> {
                ctx.close();
                return;
            }
        }
        ctx.pipeline().remove(this);
    }
}
