package io.licman.server.session;

import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.Secret;
import io.licman.server.ledger.TicketId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One client connection after its handshake: who it is, and the leases and queue tickets it
 * holds. Leases belong to the client id, not to the connection: a client that reconnects
 * resumes its leases in a new session with the same id.
 */
public final class Session {

    private final ClientIdentity identity;
    private final boolean admin;
    private final Consumer<ServerFrame> sender;
    private final Map<LeaseId, Secret> leases = new ConcurrentHashMap<>();
    private final Map<LeaseId, Boolean> borrowed = new ConcurrentHashMap<>();
    private final Map<TicketId, Secret> tickets = new ConcurrentHashMap<>();

    public Session(ClientIdentity identity, boolean admin, Consumer<ServerFrame> sender) {
        this.identity = identity;
        this.admin = admin;
        this.sender = sender;
    }

    public ClientIdentity identity() {
        return identity;
    }

    public String clientId() {
        return identity.clientId();
    }

    public boolean isAdmin() {
        return admin;
    }

    /** Sends a frame to the client; safe from any thread. */
    public void send(ServerFrame frame) {
        sender.accept(frame);
    }

    /** Records a lease this session holds; a borrowed lease is not released when the session closes. */
    public void holdLease(LeaseId lease, Secret secret, boolean isBorrowed) {
        leases.put(lease, secret);
        if (isBorrowed) {
            borrowed.put(lease, Boolean.TRUE);
        }
    }

    /** Forgets a lease; returns whether this session held it. */
    public boolean dropLease(LeaseId lease) {
        borrowed.remove(lease);
        return leases.remove(lease) != null;
    }

    /** True when the lease is a borrowed one (held offline, kept when the session closes). */
    public boolean isBorrowed(LeaseId lease) {
        return borrowed.containsKey(lease);
    }

    /** The secret this session holds for a lease, if it holds it. */
    public Optional<Secret> leaseSecret(LeaseId lease) {
        return Optional.ofNullable(leases.get(lease));
    }

    public Map<LeaseId, Secret> leases() {
        return Map.copyOf(leases);
    }

    public void holdTicket(TicketId ticket, Secret secret) {
        tickets.put(ticket, secret);
    }

    public boolean dropTicket(TicketId ticket) {
        return tickets.remove(ticket) != null;
    }

    public Optional<Secret> ticketSecret(TicketId ticket) {
        return Optional.ofNullable(tickets.get(ticket));
    }

    public Map<TicketId, Secret> tickets() {
        return Map.copyOf(tickets);
    }
}
