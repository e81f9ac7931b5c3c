package io.licman.server.net;

import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Error;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.limits.LimitLog;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Stands in for the session on a plaintext binary connection to a server that requires TLS: the
 * first request is answered with {@code FORBIDDEN} saying so, and the connection is closed.
 */
final class PlaintextRefusal extends SimpleChannelInboundHandler<ClientFrame> {

    static final String MESSAGE = "this server accepts connections over TLS only: connect with TLS "
            + "(licman --tls-pin or --tls-ca; LicenseClient.Builder tlsPin or trustStore)";

    private final LimitLog log;

    PlaintextRefusal(LimitLog log) {
        this.log = log;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientFrame frame) {
        log.note("tls-required", "refused a plaintext licman connection from " + ctx.channel().remoteAddress() + ": tls-required is set");
        ctx.writeAndFlush(ServerFrame.newBuilder().setRequestId(frame.getRequestId())
                .setError(Error.newBuilder().setCode(ErrorCode.ERROR_CODE_FORBIDDEN).setMessage(MESSAGE)).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
