package io.licman.server.net;

import com.google.protobuf.ByteString;
import io.licman.core.hostid.HostId;
import io.licman.core.license.Version;
import io.licman.core.protocol.VersionNegotiation;
import io.licman.core.protocol.v1.CancelQueue;
import io.licman.core.protocol.v1.CheckedIn;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Error;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.HeartbeatAck;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.LeaseLossReason;
import io.licman.core.protocol.v1.Pong;
import io.licman.core.protocol.v1.QueueCancelled;
import io.licman.core.protocol.v1.Queued;
import io.licman.core.protocol.v1.Resume;
import io.licman.core.protocol.v1.Resumed;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.ServerRole;
import io.licman.core.protocol.v1.TicketStatus;
import io.licman.core.protocol.v1.Welcome;
import io.licman.server.ServerContext;
import io.licman.server.ledger.CheckoutRequest;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerResult;
import io.licman.server.ledger.Secret;
import io.licman.server.ledger.TicketId;
import io.licman.server.replication.Leadership;
import io.licman.server.replication.NotLeaderException;
import io.licman.server.session.Session;
import io.licman.server.session.WireMapping;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One binary session: the handshake, then every client request, each answered with the same
 * request id (requests may be answered out of order). Lease changes go through the ledger
 * gateway; nothing here blocks the event loop.
 */
final class SessionHandler extends SimpleChannelInboundHandler<ClientFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
    static final int MAX_TICKETS_PER_SESSION = 256;
    static final int MAX_UNANSWERED_REQUESTS = 256;
    static final int MAX_HOST_IDS = 32;

    private final ServerContext server;
    private final AdminRequests admin;
    private Session session;
    private ChannelHandlerContext ctx;
    private boolean abnormalEnd;
    private List<String> helloHostIds = List.of();
    private int inFlight;
    /** The leadership count when the session began: a session older than the current leadership never releases leases on close. */
    private long epoch;

    SessionHandler(ServerContext server) {
        this.server = server;
        this.admin = new AdminRequests(server);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientFrame frame) {
        long id = frame.getRequestId();
        if (session == null) {
            if (frame.getBodyCase() != ClientFrame.BodyCase.HELLO) {
                fatal(id, ErrorCode.ERROR_CODE_PROTOCOL_ERROR, "the first frame must be a Hello");
                return;
            }
            hello(id, frame.getHello());
            return;
        }
        if (id == 0) {
            error(0, ErrorCode.ERROR_CODE_INVALID_REQUEST, "request_id 0 is reserved for pushes; number requests from 1");
            return;
        }
        int maxPending = server.limits().settings().maxPendingRequests();
        if (inFlight >= maxPending) {
            server.limits().log().hit("max-pending-requests", session.identity().describe() + " has " + maxPending
                    + " requests waiting for an answer");
            error(id, ErrorCode.ERROR_CODE_LIMIT_REACHED, "more than " + maxPending
                    + " requests are waiting for an answer on this session; wait for replies before sending more");
            return;
        }
        switch (frame.getBodyCase()) {
            case PING -> {
                if (frame.getPing().getPayload().size() > io.licman.core.protocol.Protocol.MAX_PING_PAYLOAD) {
                    error(id, ErrorCode.ERROR_CODE_INVALID_REQUEST, "a Ping payload may be at most "
                            + io.licman.core.protocol.Protocol.MAX_PING_PAYLOAD + " bytes");
                } else {
                    reply(id, ServerFrame.newBuilder().setPong(Pong.newBuilder().setPayload(frame.getPing().getPayload())));
                }
            }
            case CHECKOUT -> checkout(id, frame.getCheckout());
            case HEARTBEAT -> heartbeat(id, frame.getHeartbeat());
            case CHECKIN -> checkin(id, frame.getCheckin());
            case RESUME -> resume(id, frame.getResume());
            case CANCEL_QUEUE -> cancelQueue(id, frame.getCancelQueue());
            case HELLO -> fatal(id, ErrorCode.ERROR_CODE_PROTOCOL_ERROR, "Hello was already sent on this connection");
            case STATUS_REQUEST, REMOVE_REQUEST, RELOAD_REQUEST, SHUTDOWN_REQUEST, DIAG_REQUEST, NAMED_USERS_REQUEST -> {
                if (!session.isAdmin() && frame.getBodyCase() != ClientFrame.BodyCase.DIAG_REQUEST) {
                    server.limits().log().note("admin-request-refused", "refused an admin request (" + frame.getBodyCase() + ") from "
                            + session.identity().describe() + " without an admin token");
                    error(id, ErrorCode.ERROR_CODE_FORBIDDEN, "this request needs an admin token: give --token, or run the command "
                            + "on the server machine where it reads the token from the data directory");
                    return;
                }
                CompletableFuture<ServerFrame> answer;
                try {
                    answer = admin.handle(id, frame, session);
                } catch (IllegalArgumentException e) {
                    // A malformed field (a version, a name, a lease id): this request fails, the session goes on.
                    error(id, ErrorCode.ERROR_CODE_INVALID_REQUEST, "bad request: " + e.getMessage());
                    return;
                }
                answer.whenComplete((reply, failure) -> inApplyOrder(() -> {
                    if (failure != null) {
                        internalError(id, failure);
                    } else {
                        send(reply);
                    }
                }));
            }
            default -> error(id, ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, "this server does not know that request");
        }
    }

    private void hello(long id, Hello hello) {
        OptionalInt minor = VersionNegotiation.chooseMinorVersion(hello);
        if (minor.isEmpty()) {
            ServerFrame.Builder f = ServerFrame.newBuilder().setRequestId(id).setError(Error.newBuilder()
                    .setCode(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION)
                    .setMessage("no protocol version in common; upgrade the client or the server")
                    .setSupported(VersionNegotiation.supported()));
            ctx.writeAndFlush(f.build()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        boolean isAdmin = false;
        if (!hello.getAdminToken().isEmpty()) {
            long wait = server.limits().credentialWait(remoteAddress());
            if (wait > 0) {
                abnormalEnd = true;
                ctx.writeAndFlush(ServerFrame.newBuilder().setRequestId(id).setError(Error.newBuilder()
                        .setCode(ErrorCode.ERROR_CODE_RATE_LIMITED).setRetryAfterMs((int) Math.min(Integer.MAX_VALUE, wait))
                        .setMessage("too many refused admin tokens from this address; try again in " + wait + " ms")).build())
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (!server.isAdminToken(hello.getAdminToken())) {
                server.limits().credentialRefused(remoteAddress());
                server.limits().log().note("admin-token-refused", "refused a connection from " + remoteIp() + ": wrong admin token");
                fatal(id, ErrorCode.ERROR_CODE_NOT_AUTHENTICATED, "the admin token was refused; use the token in the server's data directory");
                return;
            }
            isAdmin = true;
        }
        ClientIdentity identity;
        try {
            var c = hello.getClient();
            if (c.getClientId().size() < 8 || c.getClientId().size() > 64) {
                throw new IllegalArgumentException("client_id must be 8 to 64 bytes (16 random bytes recommended)");
            }
            identity = new ClientIdentity(c.getUser(), c.getHost(), c.getDisplay(), remoteIp(), c.getProject(), c.getProcessId(),
                    HexFormat.of().formatHex(c.getClientId().toByteArray()));
        } catch (IllegalArgumentException | NullPointerException e) {
            fatal(id, ErrorCode.ERROR_CODE_INVALID_REQUEST, "bad client identity in Hello: " + e.getMessage());
            return;
        }
        int frameLimit = VersionNegotiation.frameSize(Integer.toUnsignedLong(hello.getMaxFrameSize()), server.maxFrameBytes());
        ctx.pipeline().get(ClientFrameDecoder.class).lowerMaxFrameSize(frameLimit);
        ctx.pipeline().get(ServerFrameEncoder.class).lowerMaxFrameSize(frameLimit);
        if (hello.getClient().getHostIdsCount() > MAX_HOST_IDS) {
            fatal(id, ErrorCode.ERROR_CODE_INVALID_REQUEST, "a client may report at most " + MAX_HOST_IDS + " host ids");
            return;
        }
        helloHostIds = List.copyOf(hello.getClient().getHostIdsList());
        // Pushes go out as event-loop tasks, in the order the ledger produced them, after replies queued before them.
        session = new Session(identity, isAdmin, frame -> ctx.executor().execute(() -> send(frame)));
        server.sessions().register(session);
        Duration ttl = server.leaseTtl();
        ServerRole role = ServerRole.SERVER_ROLE_STANDALONE;
        String leader = "";
        if (server.ledger() instanceof Leadership l) {
            epoch = l.epoch();
            role = l.role();
            leader = l.leaderEndpoints().stream().findFirst().orElse("");
        }
        reply(id, ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
                .setMinorVersion(minor.getAsInt())
                .setServerId(server.serverId())
                .setServerVersion(server.version())
                .setHeartbeatIntervalMs((int) (ttl.toMillis() / 3))
                .setMaxFrameSize(frameLimit)
                .setRole(role)
                .setLeaderEndpoint(leader)
                .setAdmin(isAdmin)
                .setServerTimeEpochMs(server.ledger().now())));
    }

    private void checkout(long id, Checkout c) {
        CheckoutRequest request;
        try {
            List<String> texts = c.getHostIdsCount() > 0 ? c.getHostIdsList() : helloHostIds;
            if (texts.size() > MAX_HOST_IDS) {
                throw new IllegalArgumentException("at most " + MAX_HOST_IDS + " host ids");
            }
            List<HostId> hostIds = new ArrayList<>();
            for (String text : texts) {
                hostIds.add(HostId.parse(text));
            }
            request = new CheckoutRequest(c.getVendor(), c.getFeature(),
                    c.getMinVersion().isEmpty() ? Version.parse("0") : Version.parse(c.getMinVersion()),
                    Math.max(1, c.getCount()), session.identity(), hostIds, c.getQueue(), Duration.ofSeconds(c.getBorrowSeconds()));
        } catch (IllegalArgumentException e) {
            error(id, ErrorCode.ERROR_CODE_INVALID_REQUEST, "bad checkout: " + e.getMessage());
            return;
        }
        long wait = server.limits().checkout(remoteAddress());
        if (wait > 0) {
            reply(id, ServerFrame.newBuilder().setError(Error.newBuilder().setCode(ErrorCode.ERROR_CODE_RATE_LIMITED)
                    .setRetryAfterMs((int) Math.min(Integer.MAX_VALUE, wait))
                    .setMessage("too many checkouts from this address; retry after " + wait + " ms")));
            return;
        }
        var limits = server.limits().settings();
        if (session.leases().size() >= limits.maxLeasesPerSession()) {
            server.limits().log().hit("max-leases-per-session", session.identity().describe() + " holds " + limits.maxLeasesPerSession() + " leases");
            error(id, ErrorCode.ERROR_CODE_LIMIT_REACHED, "this session holds " + limits.maxLeasesPerSession()
                    + " leases, the server's limit; check some in first");
            return;
        }
        if (c.getQueue() && session.tickets().size() >= limits.maxQueuedPerSession()) {
            server.limits().log().hit("max-queued-per-session", session.identity().describe() + " waits in " + limits.maxQueuedPerSession() + " queues");
            reply(id, ServerFrame.newBuilder().setDenied(WireMapping.denied(
                    io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_QUEUE_FULL,
                    "this session already waits in " + limits.maxQueuedPerSession() + " queues")));
            return;
        }
        var held = server.clockHold(c.getVendor(), c.getFeature());
        if (held.isPresent()) {
            reply(id, ServerFrame.newBuilder().setDenied(WireMapping.denied(
                    io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_EXPIRED, held.get())));
            return;
        }
        submit(id, now -> new LedgerCommand.Checkout(now, request), result -> {
            if (result instanceof LedgerResult.Granted g) {
                if (!ctx.channel().isActive()) {
                    // The connection closed before the answer: no client will ever know this lease.
                    LeaseId lease = g.grant().lease();
                    Secret secret = g.grant().secret();
                    server.ledger().submit(now -> new LedgerCommand.Checkin(now, lease, secret));
                    return ServerFrame.newBuilder().setGranted(WireMapping.granted(g.grant(), server.ledger().now()));
                }
                server.sessions().claimLease(session, g.grant().lease(), g.grant().secret(), g.grant().borrowedUntil() > 0);
                return ServerFrame.newBuilder().setGranted(WireMapping.granted(g.grant(), server.ledger().now()));
            }
            if (result instanceof LedgerResult.Queued q) {
                if (!ctx.channel().isActive()) {
                    // The connection closed before the answer: nobody waits for this ticket.
                    server.ledger().submit(now -> new LedgerCommand.LeaveQueue(now, q.ticket(), q.secret()));
                }
                session.holdTicket(q.ticket(), q.secret());
                scheduleQueueTimeout(q.ticket(), q.secret(), c.getQueueTimeoutMs());
                return ServerFrame.newBuilder().setQueued(Queued.newBuilder().setTicketId(q.ticket().value())
                        .setPosition(q.position()).setTimeoutAtEpochMs(q.deadline()));
            }
            return ServerFrame.newBuilder().setDenied(WireMapping.denied((LedgerResult.Denied) result));
        });
    }

    /** Withdraws a queued request when its client's wait is over, and tells the client. */
    private void scheduleQueueTimeout(TicketId ticket, Secret secret, int timeoutMillis) {
        if (timeoutMillis <= 0) {
            return;
        }
        Session owner = session;
        ctx.executor().schedule(() -> {
            if (owner.ticketSecret(ticket).isEmpty()) {
                return;
            }
            server.ledger().submit(now -> new LedgerCommand.LeaveQueue(now, ticket, secret)).thenAccept(applied -> {
                if (applied.result() instanceof LedgerResult.LeftQueue) {
                    owner.dropTicket(ticket);
                    owner.send(ServerFrame.newBuilder().setQueueDeniedPush(io.licman.core.protocol.v1.QueueDeniedPush.newBuilder()
                            .setTicketId(ticket.value()).setDenied(WireMapping.denied(
                                    io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_QUEUE_TIMEOUT,
                                    "no seat became free within " + timeoutMillis + " ms")))
                            .build());
                }
            });
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void heartbeat(long id, Heartbeat heartbeat) {
        server.ledger().submit(now -> new LedgerCommand.RenewSession(now, session.clientId())).whenComplete((applied, failure) -> {
            if (failure != null) {
                inApplyOrder(() -> internalError(id, failure));
                return;
            }
            long deadline = server.ledger().now() + server.leaseTtl().toMillis();
            HeartbeatAck.Builder ack = HeartbeatAck.newBuilder();
            for (LeaseKey key : heartbeat.getLeasesList()) {
                var status = io.licman.core.protocol.v1.LeaseStatus.newBuilder().setLeaseId(key.getLeaseId());
                // An id no ledger mints (0, or 2^63 and above) is simply not held.
                var held = key.getLeaseId() > 0 ? session.leaseSecret(new LeaseId(key.getLeaseId())) : java.util.Optional.<Secret>empty();
                if (held.isEmpty()) {
                    status.setOk(false).setLostReason(LeaseLossReason.LEASE_LOSS_REASON_NOT_IN_SESSION)
                            .setMessage("this session does not hold the lease; send Resume");
                } else if (!held.get().matches(secretOf(key.getSecret()))) {
                    status.setOk(false).setLostReason(LeaseLossReason.LEASE_LOSS_REASON_BAD_SECRET).setMessage("wrong secret");
                } else {
                    status.setOk(true).setExpiresAtEpochMs(deadline);
                }
                ack.addLeases(status);
            }
            for (long ticketId : heartbeat.getQueueTicketsList()) {
                ack.addTickets(TicketStatus.newBuilder().setTicketId(ticketId)
                        .setQueued(ticketId > 0 && session.ticketSecret(new TicketId(ticketId)).isPresent()));
            }
            // "Not queued" must not overtake the push that granted or denied the ticket.
            ServerFrame frame = ServerFrame.newBuilder().setRequestId(id).setHeartbeatAck(ack).build();
            inApplyOrder(() -> send(frame));
        });
    }

    private void checkin(long id, Checkin c) {
        if (c.getLeaseId() <= 0) {
            error(id, ErrorCode.ERROR_CODE_NO_SUCH_LEASE, "no lease has the id " + Long.toUnsignedString(c.getLeaseId()));
            return;
        }
        LeaseId lease = new LeaseId(c.getLeaseId());
        Secret secret = secretOf(c.getSecret());
        if (secret == null) {
            error(id, ErrorCode.ERROR_CODE_BAD_SECRET, "a lease secret is 16 bytes");
            return;
        }
        submit(id, now -> new LedgerCommand.Checkin(now, lease, secret), result -> {
            if (result instanceof LedgerResult.CheckedIn in) {
                session.dropLease(lease);
                long linger = in.lingerUntil() > 0 ? Math.max(0, in.lingerUntil() - server.ledger().now()) : 0;
                return ServerFrame.newBuilder().setCheckedIn(CheckedIn.newBuilder().setLeaseId(lease.value()).setLingerMs((int) linger));
            }
            return leaseError((LedgerResult.Denied) result);
        });
    }

    private void resume(long id, Resume resume) {
        int maxLeases = server.limits().settings().maxLeasesPerSession();
        if (resume.getLeasesCount() > maxLeases) {
            server.limits().log().hit("max-leases-per-session", session.identity().describe() + " resumed " + resume.getLeasesCount() + " leases");
            error(id, ErrorCode.ERROR_CODE_LIMIT_REACHED, "a session may hold at most " + maxLeases + " leases; resume fewer");
            return;
        }
        List<CompletableFuture<io.licman.core.protocol.v1.LeaseStatus>> statuses = new ArrayList<>();
        for (LeaseKey key : resume.getLeasesList()) {
            Secret secret = secretOf(key.getSecret());
            var status = io.licman.core.protocol.v1.LeaseStatus.newBuilder().setLeaseId(key.getLeaseId());
            if (key.getLeaseId() <= 0) {
                statuses.add(CompletableFuture.completedFuture(status.setOk(false)
                        .setLostReason(LeaseLossReason.LEASE_LOSS_REASON_UNKNOWN_LEASE).setMessage("no lease has this id").build()));
                continue;
            }
            LeaseId lease = new LeaseId(key.getLeaseId());
            if (secret == null) {
                statuses.add(CompletableFuture.completedFuture(status.setOk(false)
                        .setLostReason(LeaseLossReason.LEASE_LOSS_REASON_BAD_SECRET).setMessage("a lease secret is 16 bytes").build()));
                continue;
            }
            statuses.add(server.ledger().submit(now -> new LedgerCommand.RenewLease(now, lease, secret)).thenApply(applied -> {
                if (applied.result() instanceof LedgerResult.Renewed r) {
                    server.sessions().claimLease(session, lease, secret, false);
                    return status.setOk(true).setExpiresAtEpochMs(r.deadline()).build();
                }
                LedgerResult.Denied d = (LedgerResult.Denied) applied.result();
                return status.setOk(false).setLostReason(lossReason(d)).setMessage(d.message()).build();
            }));
        }
        CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> inApplyOrder(() -> {
            if (failure != null) {
                internalError(id, failure);
                return;
            }
            Resumed.Builder resumed = Resumed.newBuilder();
            statuses.forEach(f -> resumed.addLeases(f.join()));
            send(ServerFrame.newBuilder().setRequestId(id).setResumed(resumed).build());
        }));
    }

    private void cancelQueue(long id, CancelQueue cancel) {
        if (cancel.getTicketId() <= 0) {
            reply(id, ServerFrame.newBuilder().setQueueCancelled(QueueCancelled.newBuilder().setTicketId(cancel.getTicketId()).setWasQueued(false)));
            return;
        }
        TicketId ticket = new TicketId(cancel.getTicketId());
        var secret = session.ticketSecret(ticket);
        if (secret.isEmpty()) {
            // The ticket's grant or denial may still be on its way out: answer after it.
            ServerFrame frame = ServerFrame.newBuilder().setRequestId(id)
                    .setQueueCancelled(QueueCancelled.newBuilder().setTicketId(ticket.value()).setWasQueued(false)).build();
            inApplyOrder(() -> send(frame));
            return;
        }
        submit(id, now -> new LedgerCommand.LeaveQueue(now, ticket, secret.get()), result -> {
            boolean was = result instanceof LedgerResult.LeftQueue;
            session.dropTicket(ticket);
            return ServerFrame.newBuilder().setQueueCancelled(QueueCancelled.newBuilder().setTicketId(ticket.value()).setWasQueued(was));
        });
    }

    private static LeaseLossReason lossReason(LedgerResult.Denied d) {
        return switch (d.reason()) {
            case WRONG_SECRET -> LeaseLossReason.LEASE_LOSS_REASON_BAD_SECRET;
            case LEASE_EXPIRED -> LeaseLossReason.LEASE_LOSS_REASON_EXPIRED;
            default -> LeaseLossReason.LEASE_LOSS_REASON_UNKNOWN_LEASE;
        };
    }

    private static ServerFrame.Builder leaseError(LedgerResult.Denied d) {
        ErrorCode code = d.reason() == io.licman.server.ledger.DenialReason.WRONG_SECRET
                ? ErrorCode.ERROR_CODE_BAD_SECRET : ErrorCode.ERROR_CODE_NO_SUCH_LEASE;
        return ServerFrame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(d.message()));
    }

    static Secret secretOf(ByteString bytes) {
        return bytes.size() == Secret.BYTES ? Secret.of(bytes.toByteArray()) : null;
    }

    /** Applies a command and answers with the frame {@code toReply} makes of its result. */
    private void submit(long id, java.util.function.LongFunction<LedgerCommand> command,
                        java.util.function.Function<LedgerResult, ServerFrame.Builder> toReply) {
        inFlight++;
        server.ledger().submit(command).whenComplete((applied, failure) -> {
            // Runs where the command was applied, before any later command: the session's records
            // (leases, tickets) are in place before a later event (a queue grant, a removal) looks
            // for them. The frame is then written in one task on the connection's event loop,
            // queued behind any push sent before it, so the client sees them in apply order.
            ServerFrame reply = failure == null ? toReply.apply(applied.result()).setRequestId(id).build() : null;
            inApplyOrder(() -> {
                inFlight--;
                if (failure != null) {
                    internalError(id, failure);
                } else {
                    send(reply);
                }
            });
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            server.sessions().unregister(session);
            // Queued requests need a live connection to be told of their grant: withdraw them.
            for (Map.Entry<TicketId, Secret> t : session.tickets().entrySet()) {
                server.ledger().submit(now -> new LedgerCommand.LeaveQueue(now, t.getKey(), t.getValue()));
            }
            if (isCleanClose()) {
                releaseLeases();
            }
            // Otherwise the leases wait for their TTL: a client that reconnects resumes them.
        }
        ctx.fireChannelInactive();
    }

    /** A FIN from the client at a frame boundary, not an error, an idle timeout or the server's own close. */
    private boolean isCleanClose() {
        ClientFrameDecoder decoder = ctx.pipeline().get(ClientFrameDecoder.class);
        boolean sameLeadership = !(server.ledger() instanceof Leadership l) || l.isServing() && l.epoch() == epoch;
        return !abnormalEnd && !server.isStopping() && sameLeadership && (decoder == null || decoder.isAtFrameBoundary());
    }

    /** Returns every lease of the session that is not borrowed; linger applies as for a checkin. */
    private void releaseLeases() {
        for (Map.Entry<LeaseId, Secret> lease : session.leases().entrySet()) {
            if (!session.isBorrowed(lease.getKey())) {
                server.ledger().submit(now -> new LedgerCommand.Checkin(now, lease.getKey(), lease.getValue()));
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof io.netty.handler.timeout.IdleStateEvent) {
            abnormalEnd = true;
            LOG.debug("closing the silent session of {}", session == null ? remoteIp() : session.identity().describe());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        abnormalEnd = true;
        LOG.debug("closing the session of {} after an error: {}", remoteIp(), cause.toString());
        ctx.close();
    }

    private void reply(long id, ServerFrame.Builder frame) {
        send(frame.setRequestId(id).build());
    }

    private void send(ServerFrame frame) {
        ctx.writeAndFlush(frame, ctx.voidPromise());
    }

    /**
     * Runs {@code write} as a task on the connection's event loop, behind the pushes already
     * queued there (grants, denials, revocations are queued where the ledger applied them), so
     * that an answer built from the session's records never reaches the client before the push
     * that changed them. Called on the event loop itself, it still waits its turn.
     */
    private void inApplyOrder(Runnable write) {
        ctx.executor().execute(write);
    }

    private void error(long id, ErrorCode code, String message) {
        reply(id, ServerFrame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)));
    }

    private void fatal(long id, ErrorCode code, String message) {
        abnormalEnd = true;
        ctx.writeAndFlush(ServerFrame.newBuilder().setRequestId(id).setError(Error.newBuilder().setCode(code).setMessage(message)).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void internalError(long id, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NotLeaderException notLeader) {
            reply(id, ServerFrame.newBuilder().setError(Error.newBuilder().setCode(ErrorCode.ERROR_CODE_NOT_LEADER)
                    .setMessage(notLeader.getMessage()).addAllLeaderEndpoints(notLeader.leaderEndpoints())));
            return;
        }
        if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("shutting down")) {
            error(id, ErrorCode.ERROR_CODE_SHUTTING_DOWN, "the server is shutting down; reconnect later");
            return;
        }
        LOG.error("request {} from {} failed", id, session == null ? remoteIp() : session.identity().describe(), cause);
        error(id, ErrorCode.ERROR_CODE_INTERNAL, "the server failed on this request; it may be retried once");
    }

    private java.net.InetAddress remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : java.net.InetAddress.getLoopbackAddress();
    }

    private String remoteIp() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
    }
}
