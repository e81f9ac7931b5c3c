package io.licman.server.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ends and extends leases and queue tickets: renewals, check-ins, leaving the queue, expiry
 * sweeps and administrative removal. Freed seats go to the feature's queue in the same command.
 */
final class Releases {

    /** How a lease ends. */
    enum End { CHECKIN, EXPIRE, REMOVE }

    private final LedgerState state;
    private final Checkouts checkouts;

    Releases(LedgerState state, Checkouts checkouts) {
        this.state = state;
        this.checkouts = checkouts;
    }

    LedgerResult renewLease(LedgerCommand.RenewLease c, long now) {
        Lease l = state.leases.get(c.lease().value());
        LedgerResult.Denied refused = checkLease(l, c.lease(), c.secret());
        if (refused != null) {
            return refused;
        }
        if (now >= l.deadline) {
            return denied(DenialReason.LEASE_EXPIRED, "lease " + c.lease() + " passed its deadline; check out again");
        }
        if (l.isBorrowed()) {
            return new LedgerResult.Renewed(l.deadline, 0);
        }
        long ttl = state.ttlMillis(state.featureOf(l));
        state.moveLeaseDeadline(l, now + ttl);
        return new LedgerResult.Renewed(l.deadline, ttl / 3);
    }

    LedgerResult renewTicket(LedgerCommand.RenewTicket c, long now) {
        QueueEntry e = state.tickets.get(c.ticket().value());
        LedgerResult.Denied refused = checkTicket(e, c.ticket(), c.secret());
        if (refused != null) {
            return refused;
        }
        if (now >= e.deadline) {
            return denied(DenialReason.LEASE_EXPIRED, "queue ticket " + c.ticket() + " passed its deadline; ask again");
        }
        long ttl = state.ttlMillis(state.featureOf(e));
        state.moveTicketDeadline(e, now + ttl);
        return new LedgerResult.Renewed(e.deadline, ttl / 3);
    }

    /** Renews every live lease and ticket of a session; each gets its own feature's time-to-live, so order does not matter. */
    LedgerResult renewSession(String clientId, long now) {
        int leases = 0;
        int tickets = 0;
        List<Lease> sessionLeases = new ArrayList<>();
        for (Lease l = state.leasesByClient.get(clientId); l != null; l = l.nextOfClient) {
            sessionLeases.add(l);
        }
        for (Lease l : sessionLeases) {
            if (!l.isBorrowed() && now < l.deadline) {
                state.moveLeaseDeadline(l, now + state.ttlMillis(state.featureOf(l)));
                leases++;
            }
        }
        Set<Long> ticketIds = state.ticketsByClient.get(clientId);
        if (ticketIds != null) {
            for (long id : ticketIds.toArray(new Long[0])) {
                QueueEntry e = state.tickets.get(id);
                if (now < e.deadline) {
                    state.moveTicketDeadline(e, now + state.ttlMillis(state.featureOf(e)));
                    tickets++;
                }
            }
        }
        return new LedgerResult.SessionRenewed(leases, tickets);
    }

    LedgerResult checkin(LedgerCommand.Checkin c, long now, List<LedgerEvent> out) {
        Lease l = state.leases.get(c.lease().value());
        LedgerResult.Denied refused = checkLease(l, c.lease(), c.secret());
        if (refused != null) {
            return refused;
        }
        FeatureState fs = state.featureOf(l);
        SeatGroup g = l.group;
        int freed = end(l, End.CHECKIN, now, out);
        checkouts.serveQueue(fs, now, out);
        dropIfEmpty(fs);
        return new LedgerResult.CheckedIn(freed, g.isLingering() && g.members.isEmpty() ? g.lingerUntil : 0);
    }

    LedgerResult leaveQueue(LedgerCommand.LeaveQueue c, long now, List<LedgerEvent> out) {
        QueueEntry e = state.tickets.get(c.ticket().value());
        LedgerResult.Denied refused = checkTicket(e, c.ticket(), c.secret());
        if (refused != null) {
            return refused;
        }
        FeatureState fs = state.featureOf(e);
        dequeue(fs, e, LedgerEvent.DequeueCause.LEFT, now, out);
        checkouts.serveQueue(fs, now, out);
        dropIfEmpty(fs);
        return new LedgerResult.LeftQueue();
    }

    /** Ends everything due at or before {@code now}, then serves every queue. */
    LedgerResult expire(long now, List<LedgerEvent> out) {
        int leases = 0;
        int tickets = 0;
        int lingers = 0;
        for (DeadlineIndex.Due due : state.deadlines.drainDue(now)) {
            switch (due.kind()) {
                case DeadlineIndex.LEASE -> {
                    end((Lease) due.target(), End.EXPIRE, now, out, false);
                    leases++;
                }
                case DeadlineIndex.TICKET -> {
                    QueueEntry e = (QueueEntry) due.target();
                    dequeue(state.featureOf(e), e, LedgerEvent.DequeueCause.EXPIRED, now, out);
                    tickets++;
                }
                default -> {
                    endLinger((SeatGroup) due.target(), now, out);
                    lingers++;
                }
            }
        }
        serveAllQueues(now, out);
        return new LedgerResult.Swept(leases, tickets, lingers);
    }

    LedgerResult remove(LedgerCommand.Remove c, long now, List<LedgerEvent> out) {
        List<Lease> chosen = new ArrayList<>();
        List<SeatGroup> lingeringChosen = new ArrayList<>();
        if (c.scope() == LedgerCommand.RemoveScope.LEASE) {
            Lease l = state.leases.get(LeaseId.parse(c.value()).value());
            if (l == null || (c.feature() != null && !l.group.pool.prototype.name().equals(c.feature()))) {
                return denied(DenialReason.UNKNOWN_LEASE, "no lease " + c.value()
                        + (c.feature() == null ? "" : " of feature " + c.feature()) + " is held");
            }
            chosen.add(l);
        } else {
            for (Lease l : state.leases.values()) { // sorted below
                if (selects(c, l.client, l.group.pool)) {
                    chosen.add(l);
                }
            }
            if (c.scope() != LedgerCommand.RemoveScope.CLIENT) {
                for (SeatGroup g : state.lingering.values()) { // sorted below
                    if (selects(c, ClientIdentity.of(g.lingerUser, g.lingerHost, "-"), g.pool)) {
                        lingeringChosen.add(g);
                    }
                }
            }
        }
        chosen.sort(Comparator.comparingLong(l -> l.seq));
        lingeringChosen.sort(Comparator.comparingLong(g -> g.seq));
        Set<FeatureKey> touched = new TreeSet<>();
        List<LeaseId> removed = new ArrayList<>();
        for (Lease l : chosen) {
            touched.add(keyOf(l.group.pool));
            end(l, End.REMOVE, now, out);
            removed.add(l.leaseId());
        }
        for (SeatGroup g : lingeringChosen) {
            touched.add(keyOf(g.pool));
            state.unindexLinger(g);
            endLinger(g, now, out);
        }
        for (FeatureKey key : touched) {
            FeatureState fs = state.featureStates.get(key);
            if (fs != null) {
                checkouts.serveQueue(fs, now, out);
                dropIfEmpty(fs);
            }
        }
        return new LedgerResult.RemovedLeases(removed);
    }

    private static boolean selects(LedgerCommand.Remove c, ClientIdentity client, Pool pool) {
        if (c.feature() != null && !pool.prototype.name().equals(c.feature())) {
            return false;
        }
        return switch (c.scope()) {
            case USER -> client.user().equals(c.value());
            case HOST -> client.host().toLowerCase(Locale.ROOT).equals(c.value().toLowerCase(Locale.ROOT));
            case CLIENT -> client.clientId().equals(c.value());
            case LEASE -> false;
        };
    }

    void serveAllQueues(long now, List<LedgerEvent> out) {
        for (FeatureState fs : new ArrayList<>(state.featureStates.values())) {
            checkouts.serveQueue(fs, now, out);
            dropIfEmpty(fs);
        }
    }

    /** Ends a lease; returns the seats freed (0 when they stay with sharers or linger). */
    int end(Lease l, End how, long now, List<LedgerEvent> out) {
        return end(l, how, now, out, true);
    }

    /** Ends a lease; {@code indexed} is false when the sweep already took it off the deadline index. */
    private int end(Lease l, End how, long now, List<LedgerEvent> out, boolean indexed) {
        SeatGroup g = l.group;
        Pool pool = g.pool;
        FeatureState fs = state.featureOf(l);
        state.unindexLease(l, indexed);
        g.members.remove(l);
        int freed = 0;
        long lingerUntil = 0;
        if (g.members.isEmpty()) {
            long linger = how == End.CHECKIN && !pool.orphaned ? state.lingerMillis(fs, pool) : 0;
            if (linger > 0) {
                lingerUntil = now + linger;
                g.linger(lingerUntil, l.client);
                pool.startLinger(g);
                state.indexLinger(g);
            } else {
                freeGroup(fs, g);
                freed = g.seats;
            }
        }
        String vendor = pool.prototype.vendor();
        String feature = pool.prototype.name();
        LeaseId id = l.leaseId();
        switch (how) {
            case CHECKIN -> {
                if (l.isBorrowed() && now < l.borrowedUntil) {
                    out.add(new LedgerEvent.Returned(now, id));
                }
                out.add(new LedgerEvent.CheckedIn(now, id, vendor, feature, l.client, freed));
            }
            case EXPIRE -> out.add(new LedgerEvent.Expired(now, id, vendor, feature, l.client, freed));
            case REMOVE -> out.add(new LedgerEvent.Removed(now, id, vendor, feature, l.client, freed));
        }
        if (lingerUntil > 0) {
            out.add(new LedgerEvent.Lingering(now, id, vendor, feature, l.client.user(), l.client.host(), g.seats, lingerUntil));
        }
        return freed;
    }

    /** Frees lingering seats (already taken off the deadline index by the caller or the sweep). */
    private void endLinger(SeatGroup g, long now, List<LedgerEvent> out) {
        state.lingering.remove(g.seq);
        Pool pool = g.pool;
        out.add(new LedgerEvent.LingerEnded(now, pool.prototype.vendor(), pool.prototype.name(), g.lingerUser, g.lingerHost, g.seats));
        freeGroup(state.feature(pool.prototype.vendor(), pool.prototype.name()), g);
        g.clearLinger();
    }

    private void freeGroup(FeatureState fs, SeatGroup g) {
        Pool pool = g.pool;
        pool.removeGroup(g);
        Accounting.release(fs, g);
        if (pool.orphaned && !pool.hasGroups()) {
            fs.orphans.remove(pool);
        }
    }

    private void dequeue(FeatureState fs, QueueEntry e, LedgerEvent.DequeueCause cause, long now, List<LedgerEvent> out) {
        fs.queue.remove(e.ticket);
        state.unindexTicket(e, true);
        out.add(new LedgerEvent.Dequeued(now, e.ticketId(), e.request.vendor(), e.request.feature(), e.request.client(), cause, null));
    }

    /** Forgets a feature that has no pools, orphans or queue left. */
    void dropIfEmpty(FeatureState fs) {
        if (fs.isEmpty() && state.featureStates.get(fs.key) == fs) {
            state.featureStates.remove(fs.key);
        }
    }

    private static FeatureKey keyOf(Pool p) {
        return new FeatureKey(p.prototype.vendor(), p.prototype.name());
    }

    private static LedgerResult.Denied checkLease(Lease l, LeaseId id, Secret secret) {
        if (l == null) {
            return denied(DenialReason.UNKNOWN_LEASE, "no lease " + id + " is held (returned, expired or removed)");
        }
        if (!l.secret.matches(secret)) {
            return denied(DenialReason.WRONG_SECRET, "the secret does not match lease " + id);
        }
        return null;
    }

    private static LedgerResult.Denied checkTicket(QueueEntry e, TicketId id, Secret secret) {
        if (e == null) {
            return denied(DenialReason.UNKNOWN_TICKET, "no queued request " + id + " (granted, withdrawn or expired)");
        }
        if (!e.secret.matches(secret)) {
            return denied(DenialReason.WRONG_SECRET, "the secret does not match queue ticket " + id);
        }
        return null;
    }

    private static LedgerResult.Denied denied(DenialReason reason, String message) {
        return new LedgerResult.Denied(reason, message, List.of());
    }
}
