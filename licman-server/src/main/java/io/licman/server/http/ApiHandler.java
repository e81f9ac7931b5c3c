package io.licman.server.http;

import io.licman.server.auth.Principal;
import io.licman.server.auth.Role;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP API ({@code /api/...}) and the dashboard's files on one connection; other
 * paths ({@code /health}, {@code /metrics}) pass on to the next handler. Checks the bearer token
 * and the route's role before calling its handler; handlers never run blocking work on the
 * network thread.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final HttpApi api;

    ApiHandler(HttpApi api) {
        super(FullHttpRequest.class, true);
        this.api = api;
    }

    @Override
    public boolean acceptInboundMessage(Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest request)) {
            return false;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        return path.startsWith("/api/") || path.equals("/api") || api.files().get(path).isPresent();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            write(ctx, request, Reply.problem(400, "bad-request", "Bad Request", "the request could not be parsed", Map.of()), false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (!path.startsWith("/api")) {
            serveFile(ctx, request, path);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<Reply> reply;
        Principal[] who = new Principal[1];
        try {
            reply = dispatch(ctx, request, uri, body, who);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, failure) -> {
            ctx.channel().config().setAutoRead(true);
            if (failure == null && r == Reply.EVENT_STREAM) {
                openEventStream(ctx, who[0], request);
                return;
            }
            write(ctx, request, failure == null ? r : problemFor(failure, request), true);
        });
    }

    private CompletableFuture<Reply> dispatch(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, byte[] body,
                                              Principal[] who) {
        String path = uri.path();
        String method = request.method().equals(HttpMethod.HEAD) ? "GET" : request.method().name();
        String[] segments = (path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1)).split("/", -1);
        List<String> allowed = new ArrayList<>();
        for (RestApi.Route route : api.rest().routes()) {
            Optional<Map<String, String>> params = route.match(segments);
            if (params.isEmpty()) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            Principal principal = authorize(ctx, request, route.access());
            who[0] = principal;
            return route.handler().handle(new RestApi.Call(principal, params.get(), uri.parameters(), body));
        }
        if (!allowed.isEmpty()) {
            return CompletableFuture.completedFuture(Reply.problem(405, "method-not-allowed", "Method Not Allowed",
                    "this resource answers " + String.join(", ", allowed), Map.of("Allow", String.join(", ", allowed))));
        }
        return CompletableFuture.completedFuture(Reply.problem(404, "no-such-route", "Not Found",
                "no API resource at this path; the routes are listed in /api/v1/openapi.json", Map.of()));
    }

    /** The caller, or a 401/403 problem. */
    private Principal authorize(ChannelHandlerContext ctx, FullHttpRequest request, RestApi.Access access) {
        if (access == RestApi.Access.PUBLIC) {
            return Principal.ANONYMOUS;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            if (access == RestApi.Access.VIEWER && api.context().anonymousRead()) {
                return Principal.ANONYMOUS;
            }
            throw new Unauthorized("this resource needs a bearer token: 'Authorization: Bearer TOKEN' (create one with 'licman token create')",
                    "Bearer realm=\"licman\"");
        }
        String token = bearer(header);
        Optional<Principal> principal = token == null ? Optional.empty() : api.context().tokens().authenticate(token);
        if (principal.isEmpty()) {
            LOG.warn("refused an HTTP request from {}: unknown or revoked token", remoteIp(ctx));
            throw new Unauthorized("the token was not accepted: it is unknown, revoked or malformed",
                    "Bearer realm=\"licman\", error=\"invalid_token\"");
        }
        Role needed = access == RestApi.Access.ADMIN ? Role.ADMIN : Role.VIEWER;
        if (!principal.get().role().includes(needed)) {
            LOG.info("refused {} {} to token '{}': it is a {} token", request.method(), new QueryStringDecoder(request.uri()).path(),
                    principal.get().tokenId(), principal.get().role().text());
            throw new ApiException(403, "forbidden", "Forbidden", "this action needs an admin token; this token is a "
                    + principal.get().role().text() + " token");
        }
        return principal.get();
    }

    private static String bearer(String header) {
        String h = header.strip();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static Reply problemFor(Throwable failure, FullHttpRequest request) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof Unauthorized u) {
            return Reply.problem(401, "unauthorized", "Unauthorized", u.getMessage(), Map.of("WWW-Authenticate", u.challenge));
        }
        if (cause instanceof ApiException e) {
            return Reply.problem(e);
        }
        if (cause instanceof IllegalStateException && "the server is shutting down".equals(cause.getMessage())) {
            return Reply.problem(503, "shutting-down", "Service Unavailable", "the server is shutting down", Map.of());
        }
        String incident = Long.toHexString(System.nanoTime());
        LOG.error("HTTP {} {} failed (incident {})", request.method(), new QueryStringDecoder(request.uri()).path(), incident, cause);
        return Reply.problem(500, "internal", "Internal Server Error", "the server failed to answer; the server log has incident "
                + incident, Map.of());
    }

    private void openEventStream(ChannelHandlerContext ctx, Principal principal, FullHttpRequest request) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().set("X-Accel-Buffering", "no");
        HttpUtil.setTransferEncodingChunked(response, true);
        var p = ctx.pipeline();
        for (String name : List.of("idle", "idle-close")) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        ctx.writeAndFlush(response);
        String token = bearer(String.valueOf(request.headers().get(HttpHeaderNames.AUTHORIZATION)));
        Predicate<Principal> stillAllowed = principal.isAnonymous() ? x -> api.context().anonymousRead()
                : x -> api.context().tokens().authenticate(token).isPresent();
        api.events().subscribe(ctx.channel(), stillAllowed, principal);
    }

    private void serveFile(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        boolean get = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (!get) {
            write(ctx, request, Reply.problem(405, "method-not-allowed", "Method Not Allowed", "use GET", Map.of("Allow", "GET")), true);
            return;
        }
        StaticFiles.File file = api.files().get(path).orElseThrow();
        if (file.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            write(ctx, request, new Reply(304, file.contentType(), new byte[0], Map.of("ETag", file.etag())), true);
            return;
        }
        write(ctx, request, new Reply(200, file.contentType(), file.body(), Map.of("ETag", file.etag(), "Cache-Control", "no-cache",
                "Content-Security-Policy", CSP, "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer")), true);
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, Reply reply, boolean keepAliveAllowed) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        boolean empty = head || reply.status() == 204 || reply.status() == 304;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                empty ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        if (reply.status() != 204 && reply.status() != 304) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        reply.headers().forEach((k, v) -> response.headers().set(k, v));
        boolean keepAlive = keepAliveAllowed && HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String remoteIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** A missing or refused token: 401 with a {@code WWW-Authenticate} challenge. */
    private static final class Unauthorized extends RuntimeException {
        final String challenge;

        Unauthorized(String message, String challenge) {
            super(message, null, false, false);
            this.challenge = challenge;
        }
    }
}
