package io.licman.server.net;

import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.limits.LimitLog;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not finished its handshake within the handshake timeout of its
 * opening, however many bytes it trickles in meanwhile: the preamble and {@code Hello} up to the
 * {@code Welcome} (also inside TLS, whose handshake counts too). Until then a connection may also
 * send at most {@link #BYTE_BUDGET} bytes (the preamble, a {@code Hello} and a few pipelined
 * requests, TLS records included), so that connections that never finish their handshake cannot
 * make the server buffer much. HTTP connections swap it for {@link HttpGuard}'s limits once
 * detected.
 */
final class HandshakeDeadline extends ChannelDuplexHandler {

    /** Bytes a connection may send before its {@code Welcome}: the 64 KiB that protocol.md asks clients to keep to, and room for TLS. */
    static final int BYTE_BUDGET = 96 * 1024;

    private final Duration timeout;
    private final LimitLog log;
    private ScheduledFuture<?> deadline;
    private long received;

    HandshakeDeadline(Duration timeout, LimitLog log) {
        this.timeout = timeout;
        this.log = log;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            schedule(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        schedule(ctx);
        ctx.fireChannelActive();
    }

    private void schedule(ChannelHandlerContext ctx) {
        if (deadline == null) {
            deadline = ctx.executor().schedule(() -> expire(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.channel().isOpen()) {
            log.hit("handshake-timeout", "a connection from " + ctx.channel().remoteAddress() + " did not finish its handshake within "
                    + timeout.toMillis() + " ms and was closed");
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof io.netty.buffer.ByteBuf bytes) {
            received += bytes.readableBytes();
            if (received > BYTE_BUDGET) {
                bytes.release();
                log.hit("handshake-timeout", "a connection from " + ctx.channel().remoteAddress() + " sent over " + BYTE_BUDGET
                        + " bytes before its handshake was done and was closed");
                ctx.close();
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /**
     * Sits in front of the frame encoder of a binary session: when the {@code Welcome} goes out,
     * the handshake is over and the session's idle timeout takes over.
     */
    static final class Done extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ServerFrame frame && frame.hasWelcome()) {
                var pipeline = ctx.pipeline();
                if (pipeline.get(HandshakeDeadline.class) != null) {
                    pipeline.remove(HandshakeDeadline.class);
                }
                pipeline.remove(this);
            }
            ctx.write(msg, promise);
        }
    }
}
