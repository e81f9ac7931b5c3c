package io.licman.server.net;

import io.licman.server.limits.ServerLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side's limits, right after the request aggregator: a request too large in its line
 * ({@code 414}), headers ({@code 431}) or otherwise malformed ({@code 400}) is answered and the
 * connection closed; plaintext HTTP to a server that requires TLS gets {@code 426}; a client that
 * presented too many refused tokens gets {@code 429} for requests with credentials. Bodies over
 * the limit get {@code 413} from the aggregator. A request target that does not decode (a bad
 * percent escape) gets {@code 400} here, before any handler parses it. Its {@link Timer}, in front of the HTTP decoder,
 * gives each request {@code http-request-timeout} from its first byte to its last ({@code 408}).
 */
final class HttpGuard extends ChannelDuplexHandler {

    private final ServerLimits limits;
    private final boolean plaintextRefused;
    private final Timer timer;

    HttpGuard(ServerLimits limits, boolean plaintextRefused, Timer timer) {
        this.limits = limits;
        this.plaintextRefused = plaintextRefused;
        this.timer = timer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        timer.requestComplete();
        try {
            if (!request.decoderResult().isSuccess()) {
                Throwable cause = request.decoderResult().cause();
                if (cause instanceof TooLongHttpHeaderException) {
                    limits.log().hit("http-max-header-bytes", "an HTTP request from " + ctx.channel().remoteAddress()
                            + " had headers over " + limits.settings().httpMaxHeaderBytes() + " bytes (431)");
                    refuse(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request headers are over "
                            + limits.settings().httpMaxHeaderBytes() + " bytes", null);
                } else if (cause instanceof TooLongHttpLineException) {
                    limits.log().hit("http-max-header-bytes", "an HTTP request line from " + ctx.channel().remoteAddress()
                            + " was over " + limits.settings().httpMaxHeaderBytes() + " bytes (414)");
                    refuse(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "the request line is over "
                            + limits.settings().httpMaxHeaderBytes() + " bytes", null);
                } else if (cause instanceof TooLongFrameException) {
                    refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the request body is over "
                            + limits.settings().httpMaxBodyBytes() + " bytes", null);
                } else {
                    refuse(ctx, HttpResponseStatus.BAD_REQUEST, "the request could not be parsed", null);
                }
                return;
            }
            try {
                io.netty.handler.codec.http.QueryStringDecoder target = new io.netty.handler.codec.http.QueryStringDecoder(request.uri());
                target.path();
                target.parameters();
            } catch (IllegalArgumentException e) {
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "the request target is not valid: " + e.getMessage(), null);
                return;
            }
            if (plaintextRefused) {
                limits.log().note("tls-required", "refused plaintext HTTP from " + ctx.channel().remoteAddress() + ": tls-required is set");
                refuse(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "this server accepts HTTPS only, on the same port", "TLS/1.3, TLS/1.2");
                return;
            }
            if (request.headers().contains(HttpHeaderNames.AUTHORIZATION)) {
                long wait = limits.credentialWait(address(ctx));
                if (wait > 0) {
                    FullHttpResponse response = response(HttpResponseStatus.TOO_MANY_REQUESTS,
                            "too many refused tokens from this address; retry after " + wait + " ms");
                    response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (wait + 999) / 1000)));
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(request);
            throw e;
        }
        if (!ctx.channel().isOpen()) {
            ReferenceCountUtil.release(request);
            return;
        }
        ctx.fireChannelRead(request);
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String detail, String upgrade) {
        FullHttpResponse response = response(status, detail);
        if (upgrade != null) {
            response.headers().set(HttpHeaderNames.UPGRADE, upgrade);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Counts refused credentials: every {@code 401} the API answers. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().code() == 401) {
            limits.credentialRefused(address(ctx));
        }
        ctx.write(msg, promise);
    }

    static FullHttpResponse response(HttpResponseStatus status, String detail) {
        byte[] body = HttpHandler.problem(status.code(), status.reasonPhrase(), detail).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    private static InetAddress address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : InetAddress.getLoopbackAddress();
    }

    /** In front of the HTTP decoder: starts the clock at a request's first byte. */
    static final class Timer extends ChannelInboundHandlerAdapter {
        private final ServerLimits limits;
        private ScheduledFuture<?> deadline;
        private boolean inRequest;

        Timer(ServerLimits limits) {
            this.limits = limits;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!inRequest && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                inRequest = true;
                long millis = limits.settings().httpRequestTimeout().toMillis();
                deadline = ctx.executor().schedule(() -> expire(ctx, millis), millis, TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelRead(msg);
        }

        private void expire(ChannelHandlerContext ctx, long millis) {
            if (inRequest && ctx.channel().isOpen()) {
                limits.log().hit("http-request-timeout", "an HTTP request from " + ctx.channel().remoteAddress()
                        + " did not arrive whole within " + millis + " ms (408)");
                ctx.channel().writeAndFlush(response(HttpResponseStatus.REQUEST_TIMEOUT, "the request did not arrive whole within "
                        + millis + " ms")).addListener(ChannelFutureListener.CLOSE);
            }
        }

        void requestComplete() {
            inRequest = false;
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            requestComplete();
            ctx.fireChannelInactive();
        }
    }
}
