package io.licman.server.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Read-only views of the ledger for status tools; never changes anything. */
final class StatusReports {

    private final LedgerState state;
    private final CheckoutPlanner planner;

    StatusReports(LedgerState state, CheckoutPlanner planner) {
        this.state = state;
        this.planner = planner;
    }

    List<FeatureStatus> features() {
        List<FeatureStatus> out = new ArrayList<>();
        for (FeatureState fs : state.featureStates.values()) {
            List<PoolStatus> pools = new ArrayList<>();
            for (Pool p : fs.allPools()) {
                pools.add(new PoolStatus(p.id, p.version(), p.uncounted, p.count, p.uncounted ? 0 : fs.overdraftAllowed(p), p.used,
                        p.overdraftInUse(), p.validFrom(), p.validUntil(), p.servedHere, p.orphaned, p.blocks));
            }
            int reserved = 0;
            for (int i = 0; i < fs.policy.reservationCount(); i++) {
                reserved += fs.policy.reservedSeats(i);
            }
            TreeSet<String> named = state.namedUsers.get(fs.key);
            out.add(new FeatureStatus(fs.key.vendor(), fs.key.name(), pools, reserved, fs.queue.size(),
                    named == null ? List.of() : new ArrayList<>(named)));
        }
        return out;
    }

    List<LeaseStatus> leases() {
        List<Lease> all = new ArrayList<>(state.leases.values());
        all.sort(Comparator.comparingLong(l -> l.seq));
        List<LeaseStatus> out = new ArrayList<>(all.size());
        for (Lease l : all) {
            Pool p = l.group.pool;
            out.add(new LeaseStatus(l.leaseId(), p.prototype.vendor(), p.prototype.name(), p.id, p.version(), l.client,
                    l.grantedAt, l.deadline, l.borrowedUntil, l.count, l.group.seats, l.group.members.size(), p.orphaned));
        }
        return out;
    }

    List<LingerStatus> lingering() {
        List<SeatGroup> all = new ArrayList<>(state.lingering.values());
        all.sort(Comparator.comparingLong(g -> g.seq));
        List<LingerStatus> out = new ArrayList<>(all.size());
        for (SeatGroup g : all) {
            out.add(new LingerStatus(g.pool.prototype.vendor(), g.pool.prototype.name(), g.pool.id, g.lingerUser, g.lingerHost,
                    g.seats, g.lingerUntil));
        }
        return out;
    }

    List<QueueEntryStatus> queue() {
        List<QueueEntryStatus> out = new ArrayList<>();
        for (FeatureState fs : state.featureStates.values()) {
            int position = 0;
            for (QueueEntry e : fs.queue.values()) {
                out.add(new QueueEntryStatus(e.ticketId(), ++position, e.request, e.since, e.deadline));
            }
        }
        return out;
    }

    Diagnosis diagnose(CheckoutRequest r, long now, Checkouts checkouts) {
        FeatureState fs = state.feature(r.vendor(), r.feature());
        List<String> steps = new ArrayList<>();
        int ahead = fs == null ? 0 : fs.queue.size();
        Plan plan = planner.plan(r, now, fs == null ? List.of() : fs.queue.values(), steps);
        if (plan instanceof Plan.Refuse f) {
            return new Diagnosis(Diagnosis.Verdict.DENY, f.reason(), f.message(), null, steps, List.of(), ahead);
        }
        if (plan instanceof Plan.Wait w) {
            Diagnosis.Verdict verdict = r.queueIfBusy() ? Diagnosis.Verdict.QUEUE : Diagnosis.Verdict.DENY;
            return new Diagnosis(verdict, w.reason(), w.message(), null, steps, checkouts.holdersFor(fs, w.reason()), ahead);
        }
        Pool pool = plan instanceof Plan.Join j ? j.pool() : plan instanceof Plan.Reclaim c ? c.pool() : ((Plan.Take) plan).pool();
        String how = plan instanceof Plan.Join ? "sharing seats already held"
                : plan instanceof Plan.Reclaim ? "taking back the requester's lingering seats" : "taking new seats";
        return new Diagnosis(Diagnosis.Verdict.GRANT, null, "would be granted from pool " + pool.id + ", " + how, pool.id,
                steps, List.of(), ahead);
    }
}
