package io.licman.server.session;

import io.licman.core.protocol.v1.LeaseLossReason;
import io.licman.core.protocol.v1.LeaseRevokedPush;
import io.licman.core.protocol.v1.QueueDeniedPush;
import io.licman.core.protocol.v1.QueueGrantedPush;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.ShutdownPush;
import io.licman.server.engine.LedgerListener;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerEvent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live sessions by client id, and the server's pushes: it listens to the ledger and tells
 * each client what happened to its leases and queued requests (granted from the queue, revoked by
 * an administrator, expired).
 */
public final class SessionRegistry implements LedgerListener {

    private final Map<String, Session> byClientId = new ConcurrentHashMap<>();
    private final Map<io.licman.server.ledger.LeaseId, Session> leaseOwners = new ConcurrentHashMap<>();

    /**
     * Records that {@code session} holds a lease. A lease lives in one session at a time: if
     * another session held it (the client resumed it on a new connection), that session forgets
     * it and is told {@code RESUMED_ELSEWHERE}.
     */
    public void claimLease(Session session, io.licman.server.ledger.LeaseId lease, io.licman.server.ledger.Secret secret,
                           boolean borrowed) {
        session.holdLease(lease, secret, borrowed);
        Session previous = leaseOwners.put(lease, session);
        if (previous != null && previous != session && previous.dropLease(lease)) {
            previous.send(revoked(lease.value(), LeaseLossReason.LEASE_LOSS_REASON_RESUMED_ELSEWHERE,
                    "the lease was resumed by another connection"));
        }
    }

    /** Forgets a lease's owner once the lease has ended. */
    private void released(io.licman.server.ledger.LeaseId lease) {
        Session owner = leaseOwners.remove(lease);
        if (owner != null) {
            owner.dropLease(lease);
        }
    }

    /**
     * True when the client with this id has a live session here and that session does not hold
     * the lease (see {@link UnclaimedLeases}).
     */
    public boolean isUnclaimed(io.licman.server.ledger.LeaseId lease, String clientId) {
        Session live = clientId == null ? null : byClientId.get(clientId);
        return live != null && leaseOwners.get(lease) != live;
    }

    /** Registers a session; a previous session of the same client is returned (it is replaced). */
    public Session register(Session session) {
        return byClientId.put(session.clientId(), session);
    }

    /** Removes a session, unless a newer session of the same client replaced it already. */
    public void unregister(Session session) {
        byClientId.remove(session.clientId(), session);
    }

    public int size() {
        return byClientId.size();
    }

    public Collection<Session> sessions() {
        return List.copyOf(byClientId.values());
    }

    /** Tells every client the server is going away, and when to come back. */
    public int announceShutdown(String reason, int reconnectAfterMillis) {
        ServerFrame push = ServerFrame.newBuilder()
                .setShutdownPush(ShutdownPush.newBuilder().setReason(reason).setReconnectAfterMs(reconnectAfterMillis)).build();
        Collection<Session> all = sessions();
        all.forEach(s -> s.send(push));
        return all.size();
    }

    @Override
    public void applied(LedgerCommand command, Applied applied) {
        for (LedgerEvent event : applied.events()) {
            dispatch(event);
        }
    }

    /*
     * Each push is queued on the connection before the session's records change: an answer built
     * from those records on the connection's own thread ("ticket not queued", "lease not in this
     * session") is then queued after the push that explains it, never before.
     */
    private void dispatch(LedgerEvent event) {
        if (event instanceof LedgerEvent.QueueGranted e) {
            session(e.clientId()).ifPresent(s -> {
                s.send(ServerFrame.newBuilder().setQueueGrantedPush(QueueGrantedPush.newBuilder()
                        .setTicketId(e.ticket().value()).setGranted(WireMapping.granted(e.grant(), e.at()))).build());
                s.dropTicket(e.ticket());
                claimLease(s, e.grant().lease(), e.grant().secret(), e.grant().borrowedUntil() > 0);
            });
        } else if (event instanceof LedgerEvent.Removed e) {
            revoke(e.lease(), LeaseLossReason.LEASE_LOSS_REASON_ADMIN_REMOVED, "an administrator removed this lease of " + e.feature());
        } else if (event instanceof LedgerEvent.Expired e) {
            revoke(e.lease(), LeaseLossReason.LEASE_LOSS_REASON_EXPIRED,
                    "the lease of " + e.feature() + " expired: it was not renewed in time");
        } else if (event instanceof LedgerEvent.CheckedIn e) {
            released(e.lease());
        } else if (event instanceof LedgerEvent.Dequeued e) {
            session(e.client().clientId()).ifPresent(s -> {
                if (s.ticketSecret(e.ticket()).isPresent() && e.cause() != LedgerEvent.DequeueCause.LEFT) {
                    io.licman.core.protocol.v1.DenialReason reason = e.reason() == null
                            ? io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_QUEUE_TIMEOUT : WireMapping.reason(e.reason());
                    s.send(ServerFrame.newBuilder().setQueueDeniedPush(QueueDeniedPush.newBuilder().setTicketId(e.ticket().value())
                            .setDenied(WireMapping.denied(reason, "your queued request for " + e.feature() + " left the queue: "
                                    + e.cause().name().toLowerCase(java.util.Locale.ROOT)))).build());
                }
                s.dropTicket(e.ticket());
            });
        }
    }

    private void revoke(LeaseId lease, LeaseLossReason reason, String message) {
        Session owner = leaseOwners.remove(lease);
        if (owner != null && owner.leaseSecret(lease).isPresent()) {
            owner.send(revoked(lease.value(), reason, message));
            owner.dropLease(lease);
        }
    }

    private java.util.Optional<Session> session(String clientId) {
        return java.util.Optional.ofNullable(byClientId.get(clientId));
    }

    private static ServerFrame revoked(long leaseId, LeaseLossReason reason, String message) {
        return ServerFrame.newBuilder().setLeaseRevokedPush(LeaseRevokedPush.newBuilder()
                .setLeaseId(leaseId).setReason(reason).setMessage(message)).build();
    }
}
