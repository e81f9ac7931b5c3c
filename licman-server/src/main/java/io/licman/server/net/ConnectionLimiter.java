package io.licman.server.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps open connections in total and per client address; a connection over a cap is closed at
 * once, and the log says which cap, at most once a minute.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private volatile long lastLogged = System.nanoTime() - LOG_INTERVAL_NANOS;

    ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    int open() {
        return total.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress address = address(ctx);
        int now = total.incrementAndGet();
        int fromAddress = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (now > maxTotal) {
            refuse(ctx, "max-connections (" + maxTotal + ")");
        } else if (fromAddress > maxPerAddress) {
            refuse(ctx, "max-connections-per-address (" + maxPerAddress + ") for " + address.getHostAddress());
        } else {
            ctx.fireChannelActive();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address(ctx), (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, String limit) {
        long now = System.nanoTime();
        if (now - lastLogged >= LOG_INTERVAL_NANOS) {
            lastLogged = now;
            LOG.warn("refusing connections: limit {} reached (logged at most once a minute)", limit);
        }
        ctx.close();
    }

    private static InetAddress address(ChannelHandlerContext ctx) {
        return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    }
}
