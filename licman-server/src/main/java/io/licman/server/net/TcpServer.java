package io.licman.server.net;

import io.licman.server.ServerContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port 1384 over TCP: one listening socket for the binary protocol and HTTP, told apart by
 * their first bytes ({@link PortUnificationHandler}).
 */
public final class TcpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);

    private final ServerContext context;
    private final HttpRoutes routes;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ConnectionLimiter limiter;
    private final Duration handshakeTimeout;
    private Channel listener;

    public TcpServer(ServerContext context, HttpRoutes routes, int maxConnections, int maxPerAddress, Duration handshakeTimeout) {
        this.context = context;
        this.routes = routes;
        this.limiter = new ConnectionLimiter(maxConnections, maxPerAddress);
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Binds and starts accepting; returns the bound address (port 0 picks one). */
    public InetSocketAddress start(String bindAddress, int port) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast("limits", limiter);
                        ch.pipeline().addLast("handshake-timeout", new HandshakeDeadline(handshakeTimeout, context.limits().log()));
                        ch.pipeline().addLast("detect", new PortUnificationHandler(new Installer(false)));
                    }
                });
        try {
            listener = bootstrap.bind(bindAddress, port).sync().channel();
        } catch (Exception e) {
            if (e instanceof java.net.BindException) {
                throw new IllegalStateException("cannot listen on TCP " + bindAddress + ":" + port + ": " + e.getMessage()
                        + "; another licman server or program has this port: stop it or choose another 'port'", e);
            }
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("listening on TCP {}:{} (licman protocol and HTTP{})", bound.getAddress().getHostAddress(), bound.getPort(),
                context.tls().isEmpty() ? "" : context.tls().get().settings().plaintextAllowed() ? ", with or without TLS" : ", TLS only");
        return bound;
    }

    /** Open client connections. */
    public int openConnections() {
        return limiter.open();
    }

    /** Installs each protocol's pipeline once detected. */
    private final class Installer implements PortUnificationHandler.PipelineInstaller {

        /** True inside TLS: the stream was decrypted, so it may not start TLS again, and plaintext refusal does not apply. */
        private final boolean secure;

        Installer(boolean secure) {
            this.secure = secure;
        }

        private boolean plaintextRefused() {
            return !secure && context.tls().map(tls -> !tls.settings().plaintextAllowed()).orElse(false);
        }

        @Override
        public void installBinary(ChannelHandlerContext ctx) {
            var p = ctx.pipeline();
            // A session silent for three heartbeat intervals (one lease TTL) is gone; SessionHandler closes it.
            long idle = context.limits().settings().idleTimeout(context.leaseTtl()).toMillis();
            p.addLast("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
            p.addLast("frame-encoder", new ServerFrameEncoder(context.maxFrameBytes()));
            p.addLast("frame-decoder", new ClientFrameDecoder(context.maxFrameBytes()));
            if (plaintextRefused()) {
                p.addLast("plaintext-refused", new PlaintextRefusal(context.limits().log()));
                return;
            }
            // The handshake deadline ends when the Welcome goes out.
            p.addLast("handshake-done", new HandshakeDeadline.Done());
            var timer = context.newRequestTimer();
            if (timer != null) {
                p.addLast("request-timer", timer);
            }
            p.addLast("session", new SessionHandler(context));
        }

        @Override
        public void installHttp(ChannelHandlerContext ctx) {
            var p = ctx.pipeline();
            p.remove("handshake-timeout");
            var limits = context.limits();
            p.addLast("idle", new IdleStateHandler(limits.settings().httpIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
            p.addLast("idle-close", new IdleCloser());
            HttpGuard.Timer timer = new HttpGuard.Timer(limits);
            p.addLast("http-request-timeout", timer);
            int headerBytes = limits.settings().httpMaxHeaderBytes();
            p.addLast("http", new HttpServerCodec(headerBytes, headerBytes, 8192));
            p.addLast("http-aggregate", new HttpObjectAggregator(limits.settings().httpMaxBodyBytes()));
            p.addLast("http-guard", new HttpGuard(limits, plaintextRefused(), timer));
            var api = routes.apiHandler();
            if (api != null) {
                p.addLast("http-api", api);
            }
            p.addLast("http-handler", new HttpHandler(routes));
        }

        @Override
        public void installTls(ChannelHandlerContext ctx) {
            if (secure || context.tls().isEmpty()) {
                LOG.debug("closing a TLS connection from {}: {}", ctx.channel().remoteAddress(),
                        secure ? "TLS inside TLS" : "TLS is not enabled on this server");
                ctx.close();
                return;
            }
            var p = ctx.pipeline();
            p.addAfter(ctx.name(), "tls", context.tls().get().newHandler(ctx.alloc(), handshakeTimeout.toMillis()));
            p.addAfter("tls", "tls-events", new TlsEvents(context.limits().log()));
            p.addAfter("tls-events", "detect-tls", new PortUnificationHandler(new Installer(true)));
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
