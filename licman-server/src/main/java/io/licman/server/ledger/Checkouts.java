package io.licman.server.ledger;

import io.licman.core.license.Component;
import io.licman.core.license.FeatureLicense;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Carries out checkout plans: grants, queueing, denials, and serving a feature's queue. */
final class Checkouts {

    private final LedgerState state;
    private final CheckoutPlanner planner;

    Checkouts(LedgerState state, CheckoutPlanner planner) {
        this.state = state;
        this.planner = planner;
    }

    LedgerResult checkout(CheckoutRequest r, long now, List<LedgerEvent> out) {
        FeatureState fs = state.feature(r.vendor(), r.feature());
        Collection<QueueEntry> ahead = fs == null ? List.of() : fs.queue.values();
        Plan plan = planner.plan(r, now, ahead, null);
        if (plan instanceof Plan.Wait w) {
            return r.queueIfBusy() ? enqueue(fs, r, now, out) : deny(fs, r, w.reason(), w.message(), now, out);
        }
        if (plan instanceof Plan.Refuse f) {
            return deny(fs, r, f.reason(), f.message(), now, out);
        }
        return new LedgerResult.Granted(grant(fs, r, plan, now, null, out));
    }

    /**
     * Grants every queued request of {@code fs} that can now be served, oldest first; a request
     * that can no longer ever be served leaves the queue denied. A waiting request holds back
     * later ones that could use the same seats. A grant can change whether an earlier request
     * still competes (it may reach its MAX), so passes repeat until one changes nothing.
     */
    void serveQueue(FeatureState fs, long now, List<LedgerEvent> out) {
        while (!fs.queue.isEmpty() && servePass(fs, now, out)) {
            // another pass: a request held back by one that no longer competes may now go
        }
    }

    /** One pass over the queue; true when it granted or removed anything. */
    private boolean servePass(FeatureState fs, long now, List<LedgerEvent> out) {
        boolean changed = false;
        List<QueueEntry> waiting = new ArrayList<>();
        for (QueueEntry e : new ArrayList<>(fs.queue.values())) {
            Plan plan = planner.plan(e.request, now, waiting, null);
            if (plan instanceof Plan.Wait) {
                waiting.add(e);
                continue;
            }
            changed = true;
            fs.queue.remove(e.ticket);
            state.unindexTicket(e);
            if (plan instanceof Plan.Refuse f) {
                out.add(new LedgerEvent.Dequeued(now, e.ticketId(), e.request.vendor(), e.request.feature(),
                        e.request.client(), LedgerEvent.DequeueCause.DENIED, f.reason()));
            } else {
                Grant grant = grant(fs, e.request, plan, now, e.ticketId(), out);
                out.add(new LedgerEvent.QueueGranted(now, e.ticketId(), e.request.client().clientId(), grant));
            }
        }
        return changed;
    }

    private Grant grant(FeatureState fs, CheckoutRequest r, Plan plan, long now, TicketId ticket, List<LedgerEvent> out) {
        HandleMint.Handle handle = state.mintHandle();
        SeatGroup group;
        int newSeats = 0;
        int reserved = 0;
        int overdraft = 0;
        boolean shared = false;
        boolean reclaimed = false;
        if (plan instanceof Plan.Join j) {
            group = j.group();
            shared = true;
        } else if (plan instanceof Plan.Reclaim c) {
            group = c.group();
            state.unindexLinger(group);
            group.pool.endLinger(group);
            group.clearLinger();
            reclaimed = true;
        } else {
            Plan.Take t = (Plan.Take) plan;
            Pool pool = t.pool();
            group = new SeatGroup(state.nextSeq(), pool, t.cost(), r.client(), now);
            group.charges = t.charges();
            Accounting.charge(fs, group);
            int before = pool.overdraftInUse();
            pool.addGroup(group);
            overdraft = pool.overdraftInUse() - before;
            newSeats = t.cost();
            reserved = t.reserved();
        }
        Pool pool = group.pool;
        long ttl = state.ttlMillis(fs);
        long borrowedUntil = r.isBorrow() ? now + r.borrow().toMillis() : 0;
        long deadline = borrowedUntil != 0 ? borrowedUntil : now + ttl;
        Lease lease = new Lease(handle.id(), state.nextSeq(), handle.secret(), group, r.client(), r.count(), now, deadline, borrowedUntil);
        group.members.add(lease);
        state.indexLease(lease);
        LeaseId id = lease.leaseId();
        out.add(new LedgerEvent.Granted(now, id, r.vendor(), r.feature(), pool.id, r.client(), r.count(), newSeats, reserved,
                shared, reclaimed, borrowedUntil, ticket));
        if (borrowedUntil != 0) {
            out.add(new LedgerEvent.Borrowed(now, id, borrowedUntil));
        }
        if (overdraft > 0) {
            out.add(new LedgerEvent.OverdraftUsed(now, id, r.vendor(), r.feature(), overdraft));
        }
        return new Grant(id, handle.secret(), r.vendor(), r.feature(), pool.version(), pool.id, r.count(), group.seats, deadline,
                borrowedUntil != 0 ? 0 : ttl / 3, borrowedUntil, shared, reclaimed, overdraft, pool.blocks,
                components(pool.prototype, r.count()));
    }

    private static List<GrantedComponent> components(FeatureLicense pkg, int count) {
        List<GrantedComponent> out = new ArrayList<>(pkg.components().size());
        for (Component c : pkg.components()) {
            out.add(new GrantedComponent(c.name(), c.versionOr(pkg.version()), (int) Math.min(Integer.MAX_VALUE, (long) c.count() * count)));
        }
        return out;
    }

    private LedgerResult enqueue(FeatureState fs, CheckoutRequest r, long now, List<LedgerEvent> out) {
        HandleMint.Handle handle = state.mintHandle();
        long ttl = state.ttlMillis(fs);
        QueueEntry e = new QueueEntry(handle.id(), state.nextSeq(), handle.secret(), r, now, now + ttl);
        fs.queue.put(e.ticket, e);
        state.indexTicket(e);
        int position = fs.queue.size();
        out.add(new LedgerEvent.Queued(now, e.ticketId(), r.vendor(), r.feature(), r.client(), r.count(), position));
        return new LedgerResult.Queued(e.ticketId(), handle.secret(), position, e.deadline, ttl / 3);
    }

    private LedgerResult deny(FeatureState fs, CheckoutRequest r, DenialReason reason, String message, long now,
                              List<LedgerEvent> out) {
        out.add(new LedgerEvent.Denied(now, r.vendor(), r.feature(), r.client(), reason, message));
        return new LedgerResult.Denied(reason, message, holdersFor(fs, reason));
    }

    /** The holders a denial for {@code reason} lists: only for busy-seat reasons, and only when the policy allows. */
    List<Holder> holdersFor(FeatureState fs, DenialReason reason) {
        boolean busy = reason == DenialReason.ALL_SEATS_IN_USE || reason == DenialReason.RESERVED_FOR_OTHERS
                || reason == DenialReason.USER_MAX_REACHED;
        if (!busy || fs == null || !fs.policy.showHolders()) {
            return List.of();
        }
        return holders(fs, state.settings.maxHoldersShown());
    }

    /** Who holds seats of the feature's live pools, oldest first. */
    static List<Holder> holders(FeatureState fs, int limit) {
        List<Holder> out = new ArrayList<>();
        for (Pool p : fs.pools) {
            for (SeatGroup g : p.groups()) {
                if (g.isLingering()) {
                    out.add(new Holder(g.lingerUser, g.lingerHost, g.since, true));
                }
                for (Lease l : g.members) {
                    out.add(new Holder(l.client.user(), l.client.host(), l.grantedAt, false));
                }
            }
        }
        out.sort(Comparator.comparingLong(Holder::since));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }
}
