package io.licman.client.internal;

import com.google.protobuf.ByteString;
import io.licman.client.CheckoutRequest;
import io.licman.client.DiscoveredServer;
import io.licman.client.Discovery;
import io.licman.client.Lease;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseException;
import io.licman.client.LicenseServerUnavailableException;
import io.licman.client.LicenseServerUnavailableException.Attempt;
import io.licman.client.LicenseVerificationException;
import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.Protocol;
import io.licman.core.protocol.v1.CancelQueue;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.HeartbeatAck;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.LeaseLossReason;
import io.licman.core.protocol.v1.LeaseStatus;
import io.licman.core.protocol.v1.Queued;
import io.licman.core.protocol.v1.Resume;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.ServerRole;
import io.licman.core.protocol.v1.TicketStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's engine behind {@code LicenseClient}: one session at a time with a server, the
 * leases held through it, heartbeats, reconnecting and resuming, pushes and check-ins.
 *
 * <p>Threads: the callers' (checkout, check-in), one reader and one writer per connection, a
 * two-thread scheduler (heartbeat ticks; background reconnects), one event thread for the
 * listener, and a cached pool for asynchronous checkouts. All are daemons and stop on close.
 */
public final class ClientEngine implements Connection.Owner {

    private static final Logger log = LoggerFactory.getLogger(ClientEngine.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long DEFAULT_HEARTBEAT_MILLIS = 10_000;
    private static final long MIN_TICK_MILLIS = 10;
    private static final long MAX_TICK_MILLIS = 1_000;
    private static final Duration DISCOVERY_SETTLE = Duration.ofMillis(100);
    /** Lease keys per Heartbeat or Resume frame: about 29 bytes each, well within the 64 KiB every server accepts. */
    static final int MAX_LEASES_PER_FRAME = 1_500;

    private final ClientConfig config;
    private final ByteString clientId;
    private final String name;
    private final GrantVerifier verifier;
    private final Events events;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService async;
    private final Set<LeaseImpl> held = ConcurrentHashMap.newKeySet();
    /** Check-ins no server has answered yet, by lease id: sent again on every new session until one does. */
    private final Map<Long, PendingCheckin> checkins = new ConcurrentHashMap<>();
    private final ReentrantLock connectLock = new ReentrantLock();
    private volatile Connection current;
    private volatile boolean closed;

    // Guarded by this.
    private Endpoint lastConnected;
    private List<Endpoint> redirect = List.of();
    private final Map<Endpoint, Long> notBeforeNanos = new HashMap<>();
    private List<Endpoint> discovered = List.of();
    private int reconnectFailures;
    private ScheduledFuture<?> reconnectTask;
    private ScheduledFuture<?> tickTask;

    public ClientEngine(ClientConfig config) {
        this.config = config;
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        this.clientId = ByteString.copyFrom(id);
        this.name = "licman-client[" + HexFormat.of().formatHex(id, 0, 4) + "]";
        this.verifier = new GrantVerifier(config.vendorKeys());
        this.events = new Events(config.listener(), name);
        this.scheduler = new ScheduledThreadPoolExecutor(2, new DaemonThreads("licman-client-scheduler"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.async = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DaemonThreads("licman-client-async"));
    }

    /** The monotonic clock for lease deadlines, in nanoseconds. */
    long nanos() {
        return config.ticker().getAsLong();
    }

    /** The 16 random bytes sent as {@code client_id}, the same for the life of the client. */
    public ByteString clientId() {
        return clientId;
    }

    public List<Lease> leases() {
        return List.copyOf(held);
    }

    // ------------------------------------------------------------------------------------------
    // Checkout
    // ------------------------------------------------------------------------------------------

    public CompletableFuture<Lease> checkoutAsync(CheckoutRequest request) {
        requireOpen();
        CompletableFuture<Lease> result = new CompletableFuture<>();
        try {
            async.execute(() -> {
                try {
                    Lease lease = checkout(request);
                    if (!result.complete(lease)) {
                        lease.close();
                    }
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the LicenseClient is closed"));
        }
        return result;
    }

    public Lease checkout(CheckoutRequest request) throws LicenseException {
        requireOpen();
        String what = "cannot check out " + config.vendor() + " " + request.feature();
        long queueNanos = request.queueWait().map(Duration::toNanos).orElse(0L);
        long requestNanos = config.requestTimeout().toNanos();
        long start = System.nanoTime();
        // The queue wait starts when the checkout reaches a server, not while connecting.
        long deadline = start + config.connectTimeout().toNanos() + queueNanos + requestNanos;
        long queueDeadline = 0;
        List<Attempt> problems = new ArrayList<>();
        boolean retriedInternalError = false;
        while (true) {
            requireOpen();
            Connection connection = ensureConnected(deadline, what);
            if (queueDeadline == 0) {
                queueDeadline = System.nanoTime() + queueNanos;
            }
            long queueMillis = queueNanos == 0 ? 0 : Math.max(1, (queueDeadline - System.nanoTime()) / 1_000_000);
            long sentAt = nanos();
            Connection.Call call = connection.send(ClientFrame.newBuilder().setCheckout(checkoutMessage(request, queueMillis)));
            ServerFrame reply;
            try {
                reply = await(connection, call, Math.min(deadline, System.nanoTime() + requestNanos));
            } catch (Connection.ViolationException e) {
                throw Wire.violation(what + ": " + e.getMessage());
            } catch (IOException e) {
                problems.add(new Attempt(connection.endpoint(), e.getMessage()));
                retryOrThrow(deadline, what, problems, e);
                continue;
            } catch (TimeoutException e) {
                connection.abandon(call);
                String problem = "no answer to the checkout within " + config.requestTimeout().toMillis() + " ms";
                problems.add(new Attempt(connection.endpoint(), problem));
                connection.close(new IOException(problem + " (the server stalls)"));
                retryOrThrow(deadline, what, problems, null);
                continue;
            }
            switch (reply.getBodyCase()) {
                case GRANTED:
                    return adopt(connection, reply.getGranted(), request, sentAt);
                case DENIED:
                    throw Wire.denied(request.feature(), reply.getDenied());
                case QUEUED: {
                    ServerFrame outcome = awaitQueue(connection, reply.getQueued(), queueDeadline, request);
                    if (outcome == null) {
                        problems.add(new Attempt(connection.endpoint(), "the connection was lost while queued"));
                        retryOrThrow(deadline, what, problems, null);
                        continue;
                    }
                    if (outcome.hasQueueDeniedPush()) {
                        throw Wire.denied(request.feature(), outcome.getQueueDeniedPush().getDenied());
                    }
                    return adopt(connection, outcome.getQueueGrantedPush().getGranted(), request, nanos());
                }
                case ERROR: {
                    io.licman.core.protocol.v1.Error error = reply.getError();
                    if (isInternal(error.getCode()) && !retriedInternalError) {
                        retriedInternalError = true;
                        continue;
                    }
                    if (!followError(connection, error, deadline)) {
                        throw Wire.error(what, error);
                    }
                    problems.add(new Attempt(connection.endpoint(), "answered " + Wire.errorCode(error.getCode())));
                    continue;
                }
                default:
                    throw Wire.violation(what + ": the server answered a checkout with " + reply.getBodyCase());
            }
        }
    }

    /** INTERNAL, and a code this SDK does not know, which the protocol says to treat as INTERNAL. */
    private static boolean isInternal(ErrorCode code) {
        return code == ErrorCode.ERROR_CODE_INTERNAL || code == ErrorCode.ERROR_CODE_UNSPECIFIED
                || code == ErrorCode.UNRECOGNIZED;
    }

    private Checkout checkoutMessage(CheckoutRequest request, long queueMillis) {
        Checkout.Builder checkout = Checkout.newBuilder()
                .setVendor(config.vendor())
                .setFeature(request.feature())
                .setMinVersion(request.minVersion())
                .setCount(request.count());
        if (queueMillis > 0) {
            checkout.setQueue(true).setQueueTimeoutMs((int) Math.min(queueMillis, 0xFFFF_FFFFL));
        }
        request.borrow().ifPresent(b -> checkout.setBorrowSeconds((int) Math.min(b.toSeconds(), 0xFFFF_FFFFL)));
        return checkout.build();
    }

    private void retryOrThrow(long deadline, String what, List<Attempt> problems, Throwable cause)
            throws LicenseServerUnavailableException {
        if (System.nanoTime() >= deadline) {
            throw new LicenseServerUnavailableException(what, problems, advice(), cause);
        }
    }

    /**
     * Reacts to an Error that sends the request elsewhere or later: NOT_LEADER, SHUTTING_DOWN and
     * RATE_LIMITED, while time allows. False when the error is the answer.
     */
    private boolean followError(Connection connection, io.licman.core.protocol.v1.Error error, long deadline) {
        long retryNanos = TimeUnit.MILLISECONDS.toNanos(error.getRetryAfterMs());
        switch (error.getCode()) {
            case ERROR_CODE_NOT_LEADER:
                synchronized (this) {
                    redirect = Wire.endpoints(error.getLeaderEndpointsList());
                }
                connection.close(new IOException("the server is not the leader; leader: " + error.getLeaderEndpointsList()));
                return System.nanoTime() < deadline;
            case ERROR_CODE_SHUTTING_DOWN:
                penalize(connection.endpoint(), error.getRetryAfterMs());
                connection.close(new IOException("the server is shutting down"));
                return System.nanoTime() < deadline;
            case ERROR_CODE_RATE_LIMITED:
                long wait = retryNanos > 0 ? retryNanos : TimeUnit.SECONDS.toNanos(1);
                if (System.nanoTime() + wait >= deadline) {
                    return false;
                }
                sleep(wait);
                return true;
            default:
                return false;
        }
    }

    private ServerFrame awaitQueue(Connection connection, Queued queued, long queueDeadline, CheckoutRequest request)
            throws LicenseException {
        long ticketId = queued.getTicketId();
        CompletableFuture<ServerFrame> outcome = connection.ticket(ticketId);
        if (outcome == null) {
            return null;
        }
        log.info("{}: {} is queued at position {} (ticket {})", name, request.feature(), queued.getPosition(), ticketId);
        try {
            return outcome.get(Math.max(0, queueDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Connection.TicketGoneException) {
                throw new io.licman.client.LicenseDeniedException(request.feature(), io.licman.client.DenialReason.UNKNOWN,
                        "the server dropped the queued checkout without a decision", List.of());
            }
            return null;
        } catch (TimeoutException e) {
            if (!connection.abandonTicket(ticketId, outcome)) {
                return outcome.getNow(null);
            }
            cancelTicket(connection, ticketId);
            throw new io.licman.client.LicenseDeniedException(request.feature(), io.licman.client.DenialReason.QUEUE_TIMEOUT,
                    "waited " + request.queueWait().orElseThrow().toMillis() + " ms in the queue without getting a seat",
                    List.of());
        } catch (InterruptedException e) {
            if (connection.abandonTicket(ticketId, outcome)) {
                cancelTicket(connection, ticketId);
            } else {
                outcome.thenAccept(frame -> orphan(connection, frame));
            }
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting in the queue for " + request.feature());
        }
    }

    private void cancelTicket(Connection connection, long ticketId) {
        connection.send(ClientFrame.newBuilder().setCancelQueue(CancelQueue.newBuilder().setTicketId(ticketId)));
    }

    private Lease adopt(Connection connection, Granted granted, CheckoutRequest request, long sentAt) throws LicenseException {
        if (granted.getLeaseId() == 0 || granted.getLeaseSecret().isEmpty()) {
            throw Wire.violation("cannot check out " + request.feature() + ": the server granted a lease without an id or secret");
        }
        FeatureLicense block;
        try {
            block = verifier.verify(granted.getLicenseTextList(), request.feature(), request.minVersion());
        } catch (LicenseVerificationException e) {
            log.error("{}: refused a grant of {} from {}: {}", name, request.feature(), connection.endpoint(), e.getMessage());
            awaitCheckin(returnSeat(granted.getLeaseId(), granted.getLeaseSecret(), "the refused grant"));
            throw e;
        }
        long ttl = granted.getTtlMs();
        Long borrowedMillis = null;
        Long borrowedNanos = null;
        if (granted.getBorrowedUntilEpochMs() != 0) {
            borrowedMillis = granted.getBorrowedUntilEpochMs() - connection.clockOffsetMillis();
            borrowedNanos = nanos() + TimeUnit.MILLISECONDS.toNanos(borrowedMillis - System.currentTimeMillis());
        }
        LeaseImpl lease = new LeaseImpl(this, granted.getLeaseId(), granted.getLeaseSecret(), request.feature(),
                granted.getVersion().isEmpty() ? block.version().toString() : granted.getVersion(),
                granted.getCount() == 0 ? request.count() : granted.getCount(), block, borrowedMillis, borrowedNanos,
                ttl, granted.getHeartbeatIntervalMs(), deadline(connection, sentAt, ttl, granted.getExpiresAtEpochMs()));
        held.add(lease);
        if (closed) {
            held.remove(lease);
            lease.markClosed();
            sendCheckin(connection, lease.id(), lease.secret());
            throw new IllegalStateException("the LicenseClient was closed during the checkout; the seat was returned");
        }
        log.info("{}: checked out {} from {} (lease {})", name, lease, connection.endpoint(), Long.toUnsignedString(lease.id()));
        return lease;
    }

    /**
     * The ticker deadline of a lease renewed by a request sent at {@code sentAt} (ticker nanos):
     * send time plus the TTL, as the protocol says; the server's clock only when it gives no TTL.
     */
    private long deadline(Connection connection, long sentAt, long ttlMillis, long serverExpiresAt) {
        if (ttlMillis > 0) {
            return sentAt + TimeUnit.MILLISECONDS.toNanos(ttlMillis);
        }
        if (serverExpiresAt > 0) {
            long serverNow = System.currentTimeMillis() + connection.clockOffsetMillis();
            return nanos() + TimeUnit.MILLISECONDS.toNanos(serverExpiresAt - serverNow);
        }
        return sentAt + TimeUnit.MILLISECONDS.toNanos(3 * heartbeatMillis(connection));
    }

    // ------------------------------------------------------------------------------------------
    // Check-in and close
    // ------------------------------------------------------------------------------------------

    void checkin(LeaseImpl lease) {
        LeaseImpl.State before = lease.markClosed();
        if (before == LeaseImpl.State.CLOSED || before == LeaseImpl.State.GONE) {
            return;
        }
        held.remove(lease);
        PendingCheckin pending = returnSeat(lease.id(), lease.secret(), lease.toString());
        if (pending.sentOn.get() == null) {
            log.info("{}: {} closed while not connected; it is checked in as soon as the SDK reconnects", name, lease);
            return;
        }
        if (awaitCheckin(pending)) {
            log.info("{}: checked in {}", name, lease);
        } else {
            log.info("{}: the check-in of {} is not confirmed yet; the SDK sends it again on its next connection "
                    + "until a server answers", name, lease);
        }
    }

    /**
     * Returns a seat: sends {@code Checkin} on the open session, or on the next one when there is
     * none (reconnecting in the background if need be), and again on every new session until a
     * server answers it. A check-in whose connection drops, or whose server dies, before the answer
     * is therefore finished after the reconnect. Given up, it would leave the seat taken for as long
     * as this client runs: the server renews every lease of a client on each of its heartbeats.
     * Never throws.
     */
    private PendingCheckin returnSeat(long leaseId, ByteString secret, String what) {
        PendingCheckin pending = new PendingCheckin(leaseId, secret, what);
        PendingCheckin earlier = checkins.putIfAbsent(leaseId, pending);
        if (earlier != null) {
            return earlier;
        }
        flushCheckins();
        return pending;
    }

    /** Waits briefly for the answer to a check-in; true when a server answered it. */
    private boolean awaitCheckin(PendingCheckin pending) {
        long timeout = Math.min(config.requestTimeout().toNanos(), config.closeTimeout().toNanos());
        try {
            pending.done.get(timeout, TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Sends every unanswered check-in not yet sent on the open session; reconnects when there is none. */
    private void flushCheckins() {
        if (checkins.isEmpty() || closed) {
            return;
        }
        Connection connection = current;
        if (connection == null || !connection.isOpen()) {
            scheduleReconnect(ThreadLocalRandom.current().nextLong(config.reconnectMin().toMillis() + 1));
            return;
        }
        for (PendingCheckin pending : List.copyOf(checkins.values())) {
            sendCheckin(connection, pending);
        }
    }

    private void sendCheckin(Connection connection, PendingCheckin pending) {
        Connection before = pending.sentOn.get();
        if (before == connection || !pending.sentOn.compareAndSet(before, connection)) {
            return;
        }
        Connection.Call call = connection.send(ClientFrame.newBuilder()
                .setCheckin(Checkin.newBuilder().setLeaseId(pending.leaseId).setSecret(pending.secret)));
        call.reply().whenComplete((reply, error) -> checkinAnswered(connection, pending, reply, error));
    }

    private void checkinAnswered(Connection connection, PendingCheckin pending, ServerFrame reply, Throwable error) {
        String lease = "lease " + Long.toUnsignedString(pending.leaseId);
        if (error != null) {
            // The connection is gone: send it again on the next one.
            pending.sentOn.compareAndSet(connection, null);
            log.debug("{}: no answer to the check-in of {}: {}", name, lease, error.toString());
            flushCheckins();
            return;
        }
        if (reply.hasCheckedIn()) {
            finish(pending, null);
            return;
        }
        if (!reply.hasError()) {
            finish(pending, "answered with " + reply.getBodyCase());
            return;
        }
        io.licman.core.protocol.v1.Error problem = reply.getError();
        switch (problem.getCode()) {
            case ERROR_CODE_NO_SUCH_LEASE, ERROR_CODE_BAD_SECRET -> {
                // Already gone (a check-in that took effect before its answer was lost, an expiry): returned.
                log.debug("{}: check-in of {}: {}", name, lease, problem.getMessage());
                finish(pending, null);
            }
            case ERROR_CODE_NOT_LEADER -> {
                synchronized (this) {
                    redirect = Wire.endpoints(problem.getLeaderEndpointsList());
                }
                pending.sentOn.compareAndSet(connection, null);
                connection.close(new IOException("the server is not the leader; leader: " + problem.getLeaderEndpointsList()));
            }
            case ERROR_CODE_SHUTTING_DOWN -> {
                penalize(connection.endpoint(), problem.getRetryAfterMs());
                pending.sentOn.compareAndSet(connection, null);
                connection.close(new IOException("the server is shutting down"));
            }
            case ERROR_CODE_LIMIT_REACHED, ERROR_CODE_RATE_LIMITED -> {
                // The server is busy with this connection's other requests; the seat is still taken: ask again shortly.
                long delay = Math.max(100, problem.getRetryAfterMs());
                log.debug("{}: check-in of {} refused for now ({}); trying again in {} ms", name, lease, problem.getMessage(), delay);
                scheduler.schedule(() -> {
                    if (pending.sentOn.compareAndSet(connection, null)) {
                        flushCheckins();
                    }
                }, delay, TimeUnit.MILLISECONDS);
            }
            default -> {
                if (isInternal(problem.getCode()) && pending.internalErrors.incrementAndGet() == 1
                        && pending.sentOn.compareAndSet(connection, null)) {
                    sendCheckin(connection, pending);
                } else {
                    finish(pending, Wire.errorCode(problem.getCode()) + ": " + problem.getMessage());
                }
            }
        }
    }

    /** A server answered the check-in; {@code refused} says why it did not take it, null when it did. */
    private void finish(PendingCheckin pending, String refused) {
        if (checkins.remove(pending.leaseId, pending) && refused != null) {
            log.warn("{}: the server refused the check-in of {}: {}; it frees the seat when the lease's TTL runs out",
                    name, pending.what, refused);
        }
        pending.done.complete(null);
    }

    /** Sends a Checkin once, answer unwatched: for seats returned as the client closes. */
    private static void sendCheckin(Connection connection, long leaseId, ByteString secret) {
        connection.send(ClientFrame.newBuilder().setCheckin(Checkin.newBuilder().setLeaseId(leaseId).setSecret(secret)));
    }

    /** A check-in not yet answered by a server, and the session it was last sent on (null: none yet, or that one is gone). */
    private static final class PendingCheckin {
        final long leaseId;
        final ByteString secret;
        final String what;
        final java.util.concurrent.atomic.AtomicReference<Connection> sentOn = new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.concurrent.atomic.AtomicInteger internalErrors = new java.util.concurrent.atomic.AtomicInteger();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        PendingCheckin(long leaseId, ByteString secret, String what) {
            this.leaseId = leaseId;
            this.secret = secret;
            this.what = what;
        }
    }

    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            cancel(reconnectTask);
            cancel(tickTask);
        }
        List<LeaseImpl> toReturn = new ArrayList<>();
        for (LeaseImpl lease : List.copyOf(held)) {
            LeaseImpl.State before = lease.markClosed();
            if (before == LeaseImpl.State.VALID || before == LeaseImpl.State.LOST) {
                toReturn.add(lease);
            }
        }
        held.clear();
        List<PendingCheckin> unanswered = List.copyOf(checkins.values());
        checkins.clear();
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        Connection connection = current;
        if ((connection == null || !connection.isOpen()) && toReturn.size() + unanswered.size() > 0) {
            connection = connectToReturn(toReturn.size() + unanswered.size(), deadline);
        }
        if (connection != null) {
            List<CompletableFuture<?>> replies = new ArrayList<>();
            for (LeaseImpl lease : toReturn) {
                replies.add(connection.send(ClientFrame.newBuilder()
                        .setCheckin(Checkin.newBuilder().setLeaseId(lease.id()).setSecret(lease.secret()))).reply());
            }
            for (PendingCheckin pending : unanswered) {
                sendCheckin(connection, pending);
                replies.add(pending.done);
            }
            for (long ticket : connection.ticketIds()) {
                replies.add(connection.send(ClientFrame.newBuilder()
                        .setCancelQueue(CancelQueue.newBuilder().setTicketId(ticket))).reply());
            }
            awaitQuietly(replies, Math.max(0, deadline - System.nanoTime()));
            connection.closeCleanly(new IOException("the LicenseClient was closed"));
        }
        scheduler.shutdownNow();
        // No interrupt: waiting checkouts wake up as the connection closes and see the client closed.
        async.shutdown();
        events.close(500);
        log.info("{}: closed", name);
    }

    /**
     * Closing while disconnected (the leases wait on the server for a Resume): a short-lived
     * connection to check them in, since a Checkin works from any session. Null when none can be
     * made in time; the server then frees the seats when their TTL runs out.
     */
    private Connection connectToReturn(int leases, long deadline) {
        try {
            return connectAny(deadline, "cannot return " + leases + " lease(s) on close");
        } catch (LicenseServerUnavailableException | RuntimeException e) {
            log.info("{}: closed without reaching a server; the server frees {} seat(s) when their TTL runs out",
                    name, leases);
            return null;
        }
    }

    private static void awaitQuietly(List<CompletableFuture<?>> replies, long timeoutNanos) {
        try {
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Unconfirmed check-ins: the server frees those seats when their TTL runs out.
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the LicenseClient is closed; build a new one");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Connecting
    // ------------------------------------------------------------------------------------------

    /** The open session, connecting (and resuming held leases) first when there is none. */
    private Connection ensureConnected(long deadline, String what) throws LicenseServerUnavailableException {
        Connection connection = current;
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        try {
            if (!connectLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new LicenseServerUnavailableException(what, List.of(),
                        "Another thread was still trying to connect when the time ran out. " + advice(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while connecting to the license server");
        }
        try {
            connection = current;
            if (connection != null && connection.isOpen()) {
                return connection;
            }
            requireOpen();
            return establish(deadline, what);
        } finally {
            connectLock.unlock();
        }
    }

    /** Connects to the first server that accepts, resumes every held lease there and publishes the session. */
    private Connection establish(long deadline, String what) throws LicenseServerUnavailableException {
        Connection connection = connectAny(deadline, what);
        boolean changed;
        synchronized (this) {
            changed = !connection.endpoint().equals(lastConnected);
            lastConnected = connection.endpoint();
            redirect = List.of();
        }
        if (changed) {
            events.serverChanged(connection.endpoint());
        }
        List<LeaseImpl> toResume = List.copyOf(held);
        if (!toResume.isEmpty()) {
            long resumeDeadline = Math.max(deadline, System.nanoTime() + config.requestTimeout().toNanos());
            String problem = resume(connection, toResume, resumeDeadline);
            if (problem != null) {
                connection.close(new IOException(problem));
                throw new LicenseServerUnavailableException(what, List.of(new Attempt(connection.endpoint(), problem)),
                        advice(), null);
            }
        }
        synchronized (this) {
            if (closed) {
                connection.close(new IOException("the LicenseClient was closed"));
                throw new IllegalStateException("the LicenseClient is closed");
            }
            current = connection;
            reconnectFailures = 0;
            startTicking();
        }
        if (!connection.isOpen()) {
            closed(connection, new IOException("closed while resuming"));
        }
        // Check-ins left unanswered by an earlier session (or made while resuming) go first.
        List<PendingCheckin> unanswered = List.copyOf(checkins.values());
        if (!unanswered.isEmpty()) {
            flushCheckins();
            List<CompletableFuture<?>> answers = new ArrayList<>();
            unanswered.forEach(pending -> answers.add(pending.done));
            awaitQuietly(answers, Math.max(0, Math.min(deadline - System.nanoTime(), config.requestTimeout().toNanos())));
            log.info("{}: checked in {} lease(s) on {} whose check-in an earlier session left unanswered", name,
                    unanswered.stream().filter(pending -> pending.done.isDone()).count(), connection.endpoint());
        }
        return connection;
    }

    private Connection connectAny(long deadline, String what) throws LicenseServerUnavailableException {
        List<Attempt> attempts = new ArrayList<>();
        List<Endpoint> candidates = candidates(what);
        for (int i = 0; i < candidates.size(); i++) {
            Endpoint endpoint = candidates.get(i);
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                attempts.add(new Attempt(endpoint, "not tried: the time for this request ran out"));
                continue;
            }
            long waitMillis = penaltyMillis(endpoint);
            if (waitMillis > 0) {
                attempts.add(new Attempt(endpoint, "is shutting down and asked clients to wait " + waitMillis + " ms more"));
                continue;
            }
            long timeout = Math.min(config.connectTimeout().toMillis(), remaining);
            try {
                Connection connection = Connection.open(config.socketFactory(), endpoint, this::hello, timeout, System::currentTimeMillis,
                        this, name);
                if (connection.welcome().getRole() != ServerRole.SERVER_ROLE_FOLLOWER) {
                    return connection;
                }
                List<Endpoint> leader = connection.welcome().getLeaderEndpoint().isBlank() ? List.of()
                        : Wire.endpoints(List.of(connection.welcome().getLeaderEndpoint()));
                connection.close(new IOException("a follower; checkouts go to the leader"));
                attempts.add(new Attempt(endpoint, "is a follower" + (leader.isEmpty() ? " and knows no leader yet"
                        : "; its leader is " + leader.get(0))));
                insertNext(candidates, i, leader);
            } catch (Connection.RefusedException e) {
                attempts.add(new Attempt(endpoint, e.getMessage()));
                io.licman.core.protocol.v1.Error error = e.error();
                if (error.getCode() == ErrorCode.ERROR_CODE_NOT_LEADER) {
                    insertNext(candidates, i, Wire.endpoints(error.getLeaderEndpointsList()));
                } else if (error.getCode() == ErrorCode.ERROR_CODE_SHUTTING_DOWN) {
                    penalize(endpoint, error.getRetryAfterMs());
                }
            } catch (IOException e) {
                attempts.add(new Attempt(endpoint, describe(e, timeout)));
            }
        }
        if (config.servers().isEmpty()) {
            synchronized (this) {
                discovered = List.of();
            }
        }
        throw new LicenseServerUnavailableException(what, attempts, advice(), null);
    }

    private static void insertNext(List<Endpoint> candidates, int index, List<Endpoint> endpoints) {
        int at = index + 1;
        for (Endpoint endpoint : endpoints) {
            int existing = candidates.indexOf(endpoint);
            if (existing >= 0 && existing <= index) {
                continue;
            }
            if (existing > index) {
                candidates.remove(existing);
            }
            candidates.add(at++, endpoint);
        }
    }

    /** Redirect targets first, then the last server used, then the rest of the list after it. */
    private List<Endpoint> candidates(String what) throws LicenseServerUnavailableException {
        List<Endpoint> base = config.servers().isEmpty() ? discoveredServers(what) : config.servers();
        LinkedHashSet<Endpoint> ordered;
        synchronized (this) {
            ordered = new LinkedHashSet<>(redirect);
            int last = lastConnected == null ? -1 : base.indexOf(lastConnected);
            if (lastConnected != null && last < 0) {
                ordered.add(lastConnected);
            }
            int from = Math.max(last, 0);
            for (int i = 0; i < base.size(); i++) {
                ordered.add(base.get((from + i) % base.size()));
            }
        }
        return new ArrayList<>(ordered);
    }

    private List<Endpoint> discoveredServers(String what) throws LicenseServerUnavailableException {
        synchronized (this) {
            if (!discovered.isEmpty()) {
                return discovered;
            }
        }
        List<DiscoveredServer> servers;
        try {
            Discovery discovery = config.discovery();
            servers = UdpDiscovery.discover(discovery.vendor(), discovery.feature(), discovery.targets(),
                    discovery.timeout(), DISCOVERY_SETTLE);
        } catch (IOException e) {
            throw new LicenseServerUnavailableException(what, List.of(), "No server is configured, and UDP discovery "
                    + "failed: " + e.getMessage() + ". Name the servers with LICMAN_SERVER=port@host (or "
                    + "LicenseClient.Builder.servers).", e);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        servers.stream().filter(s -> s.role() != DiscoveredServer.Role.FOLLOWER).forEach(s -> endpoints.addAll(s.endpoints()));
        servers.stream().filter(s -> s.role() == DiscoveredServer.Role.FOLLOWER).forEach(s -> endpoints.addAll(s.endpoints()));
        List<Endpoint> distinct = List.copyOf(new LinkedHashSet<>(endpoints));
        if (distinct.isEmpty()) {
            throw new LicenseServerUnavailableException(what, List.of(), "No server is configured (servers(...) or "
                    + ServerList.ENV + ") and no server answered UDP discovery within "
                    + config.discovery().timeout().toMillis() + " ms. Set " + ServerList.ENV
                    + "=port@host, for example 1384@lic1, or ask your license administrator where the server is.", null);
        }
        log.info("{}: discovered license servers {}", name, distinct);
        synchronized (this) {
            discovered = distinct;
        }
        return distinct;
    }

    private String advice() {
        return "Check that the license server is running and reachable from this machine, and that "
                + config.serversSource() + " names it.";
    }

    private synchronized void penalize(Endpoint endpoint, long millis) {
        if (millis > 0) {
            notBeforeNanos.put(endpoint, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    private synchronized long penaltyMillis(Endpoint endpoint) {
        Long until = notBeforeNanos.get(endpoint);
        if (until == null) {
            return 0;
        }
        long left = (until - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            notBeforeNanos.remove(endpoint);
            return 0;
        }
        return left;
    }

    private Hello hello(Socket socket) {
        ClientIdentity.Builder identity = ClientIdentity.newBuilder()
                .setUser(config.user())
                .setHost(config.host())
                .setDisplay(config.display())
                .setIp(socket.getLocalAddress().getHostAddress())
                .setProject(config.project())
                .setProcessId(ProcessHandle.current().pid())
                .setClientId(clientId);
        for (HostId id : config.hostIds()) {
            identity.addHostIds(id.toString());
        }
        return Hello.newBuilder()
                .setMinMinorVersion(Protocol.MIN_MINOR_VERSION)
                .setMaxMinorVersion(Protocol.MAX_MINOR_VERSION)
                .setClient(identity)
                .setSdkName(Sdk.NAME)
                .setSdkVersion(Sdk.VERSION)
                .build();
    }

    static String describe(IOException e, long timeoutMillis) {
        if (e instanceof ConnectException) {
            return "connection refused: nothing listens on that port (" + e.getMessage() + ")";
        }
        if (e instanceof SocketTimeoutException) {
            return e.getMessage() != null && e.getMessage().contains("Welcome") ? e.getMessage()
                    : "no answer within " + timeoutMillis + " ms (a firewall, or the host is down)";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host: the name does not resolve";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to the host";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    // ------------------------------------------------------------------------------------------
    // Reconnecting and resuming
    // ------------------------------------------------------------------------------------------

    @Override
    public void closed(Connection connection, IOException cause) {
        synchronized (this) {
            if (current != connection) {
                return;
            }
            current = null;
        }
        if (closed) {
            return;
        }
        log.warn("{}: lost the connection to {}: {}", name, connection.endpoint(), cause.getMessage());
        if (!held.isEmpty() || !checkins.isEmpty()) {
            scheduleReconnect(ThreadLocalRandom.current().nextLong(config.reconnectMin().toMillis() + 1));
        }
    }

    private void scheduleReconnect(long delayMillis) {
        synchronized (this) {
            if (closed || reconnectTask != null) {
                return;
            }
            try {
                reconnectTask = scheduler.schedule(this::reconnect, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                reconnectTask = null;
            }
        }
    }

    private void reconnect() {
        synchronized (this) {
            reconnectTask = null;
        }
        Connection connection = current;
        if (closed || held.isEmpty() && checkins.isEmpty()) {
            return;
        }
        if (connection != null && connection.isOpen()) {
            flushCheckins();
            return;
        }
        int servers = Math.max(1, config.servers().size());
        long deadline = System.nanoTime() + config.connectTimeout().toNanos() * servers + config.requestTimeout().toNanos();
        try {
            ensureConnected(deadline, "cannot reconnect to renew " + held.size() + " lease(s) and check in "
                    + checkins.size());
        } catch (LicenseServerUnavailableException | RuntimeException e) {
            int failures;
            synchronized (this) {
                failures = ++reconnectFailures;
            }
            long delay = backoffMillis(failures);
            log.info("{}: reconnect attempt {} failed; next in {} ms: {}", name, failures, delay, e.getMessage());
            scheduleReconnect(delay);
        }
    }

    /** Exponential from reconnectMin, capped at reconnectMax, with jitter of up to half the delay. */
    long backoffMillis(int failures) {
        long min = Math.max(1, config.reconnectMin().toMillis());
        long max = Math.max(min, config.reconnectMax().toMillis());
        long delay = min << Math.min(failures - 1, 20);
        delay = Math.min(Math.max(delay, min), max);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    /**
     * Takes {@code leases} over into the session by id and secret and applies the answer.
     *
     * @return null when the server answered, else what went wrong
     */
    private String resume(Connection connection, List<LeaseImpl> leases, long deadline) {
        long sentAt = nanos();
        List<List<LeaseImpl>> batches = batches(leases);
        List<Connection.Call> calls = new ArrayList<>();
        for (List<LeaseImpl> batch : batches) {
            Resume.Builder resume = Resume.newBuilder();
            batch.forEach(lease -> resume.addLeases(lease.key()));
            calls.add(connection.send(ClientFrame.newBuilder().setResume(resume)));
        }
        long until = Math.min(deadline, System.nanoTime() + config.requestTimeout().toNanos());
        for (int i = 0; i < calls.size(); i++) {
            ServerFrame reply;
            try {
                reply = await(connection, calls.get(i), until);
            } catch (IOException e) {
                return "resuming " + leases.size() + " lease(s) failed: " + e.getMessage();
            } catch (TimeoutException e) {
                calls.subList(i, calls.size()).forEach(connection::abandon);
                return "no answer to Resume within " + config.requestTimeout().toMillis() + " ms";
            }
            if (reply.hasResumed()) {
                applyStatuses(connection, batches.get(i), reply.getResumed().getLeasesList(), sentAt, true);
            } else if (reply.hasError()) {
                log.warn("{}: {} refused Resume: {}", name, connection.endpoint(), reply.getError().getMessage());
            } else {
                return "answered Resume with " + reply.getBodyCase();
            }
        }
        log.info("{}: resumed {} lease(s) on {}", name, leases.size(), connection.endpoint());
        return null;
    }

    private void applyStatuses(Connection connection, List<LeaseImpl> sent, List<LeaseStatus> statuses, long sentAt,
                               boolean fromResume) {
        Map<Long, LeaseStatus> byId = new HashMap<>();
        statuses.forEach(status -> byId.put(status.getLeaseId(), status));
        List<LeaseImpl> notInSession = new ArrayList<>();
        for (LeaseImpl lease : sent) {
            LeaseStatus status = byId.get(lease.id());
            if (status == null) {
                continue;
            }
            if (status.getOk()) {
                if (lease.renewed(deadline(connection, sentAt, lease.ttlMillis(), status.getExpiresAtEpochMs()))) {
                    events.leaseRegained(lease);
                }
            } else if (status.getLostReason() == LeaseLossReason.LEASE_LOSS_REASON_NOT_IN_SESSION && !fromResume) {
                notInSession.add(lease);
            } else {
                LeaseLoss.Cause cause = status.getLostReason() == LeaseLossReason.LEASE_LOSS_REASON_NOT_IN_SESSION
                        ? LeaseLoss.Cause.UNSPECIFIED : Wire.lossCause(status.getLostReason());
                String message = status.getMessage().isBlank()
                        ? "the server reports the lease " + cause.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        : status.getMessage();
                LeaseLoss loss = new LeaseLoss(cause, message);
                if (lease.gone(loss)) {
                    held.remove(lease);
                    events.leaseLost(lease, loss);
                }
            }
        }
        if (!notInSession.isEmpty()) {
            try {
                scheduler.execute(() -> resume(connection, notInSession,
                        System.nanoTime() + config.requestTimeout().toNanos()));
            } catch (RejectedExecutionException ignored) {
                // Closing: nothing to resume any more.
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Heartbeats and local expiry
    // ------------------------------------------------------------------------------------------

    private void startTicking() {
        if (tickTask == null && !closed) {
            scheduleTick(0);
        }
    }

    private synchronized void scheduleTick(long delayMillis) {
        if (closed) {
            return;
        }
        try {
            tickTask = scheduler.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ignored) {
            // Closing.
        }
    }

    private void tick() {
        long interval = DEFAULT_HEARTBEAT_MILLIS;
        try {
            expireOverdue();
            Connection connection = current;
            interval = heartbeatMillis(connection);
            if (connection != null && connection.isOpen()) {
                long nowNanos = System.nanoTime();
                long outstanding = connection.heartbeatSentNanos();
                long silence = nowNanos - connection.lastReceivedNanos();
                long limit = silenceLimitNanos(interval);
                if (outstanding != 0 && nowNanos - outstanding > limit && silence > limit) {
                    connection.close(new IOException("nothing from the server for " + silence / 1_000_000
                            + " ms, a heartbeat unanswered (the server stalls or the network is down)"));
                } else if (outstanding == 0 && nowNanos - connection.lastHeartbeatNanos() >= interval * 1_000_000 - 500_000) {
                    sendHeartbeat(connection);
                }
            }
        } catch (RuntimeException e) {
            log.error("{}: bug in the heartbeat task", name, e);
        } finally {
            scheduleTick(Math.max(MIN_TICK_MILLIS, Math.min(interval, MAX_TICK_MILLIS)));
        }
    }

    /**
     * How long an unanswered heartbeat and silence from the server are tolerated before the
     * connection counts as dead: two heartbeat intervals (docs/protocol.md, section 8), at most the
     * request timeout, and never below a quarter second so a short pause is no reason to reconnect.
     */
    private long silenceLimitNanos(long intervalMillis) {
        long limit = Math.min(config.requestTimeout().toMillis(), 2 * intervalMillis);
        return TimeUnit.MILLISECONDS.toNanos(Math.max(limit, 250));
    }

    /** The shortest heartbeat interval asked for by the session and by the leases held. */
    private long heartbeatMillis(Connection connection) {
        long interval = connection == null || connection.welcome().getHeartbeatIntervalMs() == 0
                ? DEFAULT_HEARTBEAT_MILLIS : connection.welcome().getHeartbeatIntervalMs();
        for (LeaseImpl lease : held) {
            if (lease.heartbeatMillis() > 0) {
                interval = Math.min(interval, lease.heartbeatMillis());
            }
        }
        return Math.max(MIN_TICK_MILLIS, interval);
    }

    private void expireOverdue() {
        long now = nanos();
        for (LeaseImpl lease : held) {
            LeaseLoss loss = new LeaseLoss(LeaseLoss.Cause.CONNECTION_LOST, "not renewed before its deadline: "
                    + (current == null ? "the connection to the license server is lost; the SDK keeps reconnecting"
                    : "the license server does not answer"));
            if (lease.expireIfDue(now, loss)) {
                events.leaseLost(lease, loss);
            }
        }
    }

    private void sendHeartbeat(Connection connection) {
        List<List<LeaseImpl>> batches = batches(List.copyOf(held));
        long sentAt = nanos();
        connection.heartbeatSent(System.nanoTime());
        java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            List<LeaseImpl> leases = batches.get(i);
            Heartbeat.Builder heartbeat = Heartbeat.newBuilder();
            if (i == 0) {
                heartbeat.addAllQueueTickets(connection.ticketIds());
            }
            leases.forEach(lease -> heartbeat.addLeases(lease.key()));
            connection.send(ClientFrame.newBuilder().setHeartbeat(heartbeat)).reply().whenComplete((reply, error) -> {
                if (unanswered.decrementAndGet() == 0) {
                    connection.heartbeatAnswered();
                }
                if (connection == current) {
                    heartbeatAnswered(connection, leases, reply, sentAt);
                }
            });
        }
    }

    private void heartbeatAnswered(Connection connection, List<LeaseImpl> leases, ServerFrame reply, long sentAt) {
        if (reply != null && reply.hasHeartbeatAck()) {
            HeartbeatAck ack = reply.getHeartbeatAck();
            applyStatuses(connection, leases, ack.getLeasesList(), sentAt, false);
            for (TicketStatus ticket : ack.getTicketsList()) {
                if (!ticket.getQueued()) {
                    connection.ticketGone(ticket.getTicketId());
                }
            }
        } else if (reply != null) {
            log.debug("{}: heartbeat answered with {}", name, reply.getBodyCase());
        }
    }

    /**
     * Splits leases into groups that fit the smallest frame limit a server may set (64 KiB; a
     * lease key takes about 29 bytes), for Heartbeat and Resume; at least one, possibly empty, group.
     */
    static List<List<LeaseImpl>> batches(List<LeaseImpl> leases) {
        List<List<LeaseImpl>> out = new ArrayList<>();
        for (int from = 0; from < leases.size(); from += MAX_LEASES_PER_FRAME) {
            out.add(leases.subList(from, Math.min(leases.size(), from + MAX_LEASES_PER_FRAME)));
        }
        if (out.isEmpty()) {
            out.add(List.of());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Pushes and orphans
    // ------------------------------------------------------------------------------------------

    @Override
    public void pushed(Connection connection, ServerFrame push) {
        switch (push.getBodyCase()) {
            case LEASE_REVOKED_PUSH -> {
                Connection session = current;
                if (connection.isOpen() && (session == null || session == connection)) {
                    revoked(push.getLeaseRevokedPush());
                } else {
                    log.debug("{}: ignored a revoke from the old session with {}", name, connection.endpoint());
                }
            }
            case SHUTDOWN_PUSH -> {
                log.info("{}: {} is shutting down ({}); reconnecting", name, connection.endpoint(),
                        push.getShutdownPush().getReason());
                penalize(connection.endpoint(), push.getShutdownPush().getReconnectAfterMs());
                connection.close(new IOException("the server is shutting down (" + push.getShutdownPush().getReason() + ")"));
            }
            case REDIRECT_PUSH -> {
                List<Endpoint> leaders = Wire.endpoints(push.getRedirectPush().getLeaderEndpointsList());
                synchronized (this) {
                    redirect = leaders;
                }
                connection.close(new IOException("the server redirected the session to " + leaders));
            }
            default -> log.debug("{}: ignored a push of {}", name, push.getBodyCase());
        }
    }

    private void revoked(io.licman.core.protocol.v1.LeaseRevokedPush push) {
        for (LeaseImpl lease : held) {
            if (lease.id() == push.getLeaseId()) {
                LeaseLoss.Cause cause = Wire.lossCause(push.getReason());
                LeaseLoss loss = new LeaseLoss(cause == LeaseLoss.Cause.UNSPECIFIED ? LeaseLoss.Cause.ADMIN_REMOVED : cause,
                        push.getMessage().isBlank() ? "the server revoked the lease" : push.getMessage());
                if (lease.gone(loss)) {
                    held.remove(lease);
                    events.leaseRevoked(lease, loss);
                }
            }
        }
    }

    @Override
    public void orphan(Connection connection, ServerFrame frame) {
        switch (frame.getBodyCase()) {
            case GRANTED -> returnOrphan(connection, frame.getGranted());
            case QUEUE_GRANTED_PUSH -> returnOrphan(connection, frame.getQueueGrantedPush().getGranted());
            case QUEUED -> cancelTicket(connection, frame.getQueued().getTicketId());
            default -> log.debug("{}: ignored a late {}", name, frame.getBodyCase());
        }
    }

    private void returnOrphan(Connection connection, Granted granted) {
        log.info("{}: returning lease {}, granted after its checkout was given up", name,
                Long.toUnsignedString(granted.getLeaseId()));
        if (closed) {
            sendCheckin(connection, granted.getLeaseId(), granted.getLeaseSecret());
        } else {
            returnSeat(granted.getLeaseId(), granted.getLeaseSecret(), "lease " + Long.toUnsignedString(granted.getLeaseId()));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    private static ServerFrame await(Connection connection, Connection.Call call, long deadlineNanos)
            throws IOException, TimeoutException {
        try {
            return call.reply().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            connection.abandon(call);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the license server");
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to retry");
        }
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
