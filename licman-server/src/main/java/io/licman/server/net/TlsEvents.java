package io.licman.server.net;

import io.licman.server.limits.LimitLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right behind the {@code SslHandler}: closes connections whose TLS handshake failed, and says why
 * in the log (rate-limited). Once the handshake is done, errors pass on to the protocol's handlers
 * (a reset must reach the session, which then keeps its leases for a {@code Resume}).
 */
final class TlsEvents extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsEvents.class);

    private final LimitLog log;
    private boolean established;

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
        if (event instanceof SslHandshakeCompletionEvent) {
            established = true;
        }
        if (event instanceof io.netty.handler.ssl.SslCloseCompletionEvent closed && closed.isSuccess() && established
                && ctx.pipeline().get(PortUnificationHandler.class) == null && ctx.pipeline().get(SessionHandler.class) != null) {
            // The peer's TLS stack ended the session (close_notify): a library closing its socket, which is what a
            // client abandoning a connection does too. Only a process that dies closes without it; so, as after a
            // reset, the session keeps its leases for a Resume.
            ctx.fireExceptionCaught(new TlsClosed());
        }
        super.userEventTriggered(ctx, event);
    }

    /** The peer sent close_notify. */
    static final class TlsClosed extends java.io.IOException {
        TlsClosed() {
            super("the client ended TLS with close_notify");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (established && ctx.pipeline().get(PortUnificationHandler.class) == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOG.debug("closing the TLS connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
