package io.licman.server.net;

import io.licman.core.protocol.DatagramCodec;
import io.licman.core.protocol.Protocol;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.DiscoveryRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP port 1384: answers discovery and status probes (unicast, broadcast, and the multicast group
 * {@value Protocol#IPV4_MULTICAST_GROUP}). A reply is never larger than its request, and each
 * source address gets a limited number of replies per second, so the port cannot amplify or
 * reflect a flood.
 */
public final class DiscoveryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryServer.class);

    private final Function<DiscoveryRequest, DiscoveryReply> answer;
    private final SourceRateLimiter limiter;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private Channel channel;

    /**
     * @param answer builds the full reply for a request (the server trims it to size)
     * @param repliesPerSecond replies each source address may get per second
     */
    public DiscoveryServer(Function<DiscoveryRequest, DiscoveryReply> answer, int repliesPerSecond) {
        this.answer = answer;
        this.limiter = new SourceRateLimiter(repliesPerSecond, repliesPerSecond * 2L);
    }

    /** Binds the UDP port and joins the multicast group where the address allows. */
    public InetSocketAddress start(String bindAddress, int port) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new Handler());
        channel = bootstrap.bind(bindAddress, port).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        if (bound.getAddress().isAnyLocalAddress()) {
            joinMulticast((NioDatagramChannel) channel, bound);
        }
        LOG.info("listening on UDP {}:{} (discovery)", bound.getAddress().getHostAddress(), bound.getPort());
        return bound;
    }

    private static void joinMulticast(NioDatagramChannel channel, InetSocketAddress bound) {
        try {
            InetAddress groupAddress = InetAddress.getByName(Protocol.IPV4_MULTICAST_GROUP);
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && nic.supportsMulticast() && !nic.isLoopback()) {
                    channel.joinGroup(new InetSocketAddress(groupAddress, bound.getPort()), nic).await(1, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            LOG.debug("not listening to multicast discovery: {}", e.toString());
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            byte[] data = ByteBufUtil.getBytes(content);
            if (!DatagramCodec.hasMagic(data, 0, length) || !limiter.tryAcquire(packet.sender().getAddress())) {
                return;
            }
            DiscoveryRequest request;
            try {
                request = DatagramCodec.decodeRequest(data, 0, length);
            } catch (ProtocolException e) {
                return;
            }
            Optional<byte[]> reply = DatagramCodec.encodeReply(answer.apply(request), length);
            reply.ifPresent(bytes -> ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), packet.sender())));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("discovery datagram failed: {}", cause.toString());
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
