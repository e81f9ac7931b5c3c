package io.licman.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers HTTP/1.1 on port 1384: {@code GET /health} (JSON) and {@code GET /metrics}
 * (Prometheus text format). Unknown paths get a problem+json 404.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final HttpRoutes routes;

    HttpHandler(HttpRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, problem(400, "Bad Request", "the request could not be parsed"),
                    "application/problem+json", false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean get = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        switch (path) {
            case "/health" -> {
                if (!get) {
                    methodNotAllowed(ctx, request);
                    return;
                }
                HttpRoutes.HealthReport report = routes.health();
                respond(ctx, request, report.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, report.json(),
                        "application/json", true);
            }
            case "/metrics" -> {
                if (!get) {
                    methodNotAllowed(ctx, request);
                    return;
                }
                respond(ctx, request, HttpResponseStatus.OK, routes.metrics(), "text/plain; version=0.0.4; charset=utf-8", true);
            }
            default -> respond(ctx, request, HttpResponseStatus.NOT_FOUND,
                    problem(404, "Not Found", "no resource at this path; try /, /health, /metrics or /api/v1/openapi.json"), "application/problem+json", true);
        }
    }

    private static void methodNotAllowed(ChannelHandlerContext ctx, FullHttpRequest request) {
        respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, problem(405, "Method Not Allowed", "use GET"), "application/problem+json", true);
    }

    static String problem(int status, String title, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String body,
                                String contentType, boolean keepAliveAllowed) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        boolean keepAlive = keepAliveAllowed && HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
