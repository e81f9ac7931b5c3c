package io.licman.server.net;

import io.licman.server.limits.LimitLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Right behind the {@code SslHandler}: closes connections whose TLS handshake failed, and says why in the log (rate-limited). */
final class TlsEvents extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsEvents.class);

    private final LimitLog log;

    TlsEvents(LimitLog log) {
        this.log = log;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            Throwable cause = done.cause();
            String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            if (!log.note("tls-handshake", "a TLS handshake from " + ctx.channel().remoteAddress() + " failed: " + why)) {
                LOG.debug("TLS handshake from {} failed: {}", ctx.channel().remoteAddress(), why);
            }
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing the TLS connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
