package io.licman.server.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link LedgerCommand.ExtendLeases}: what a new leader does before it serves. Each lease and
 * ticket gets its own feature's time-to-live and is never shortened, so the order of the walk
 * cannot change the outcome.
 */
final class LeaseExtension {

    private LeaseExtension() {
    }

    static LedgerResult.SessionRenewed extendAll(LedgerState state, long now) {
        int leases = 0;
        for (Lease l : new ArrayList<>(state.leases.values())) {
            if (l.isBorrowed()) {
                continue;
            }
            long deadline = now + state.ttlMillis(state.featureOf(l));
            if (deadline > l.deadline) {
                state.moveLeaseDeadline(l, deadline);
                leases++;
            }
        }
        int tickets = 0;
        List<QueueEntry> queued = new ArrayList<>(state.tickets.values());
        for (QueueEntry e : queued) {
            long deadline = now + state.ttlMillis(state.featureOf(e));
            if (deadline > e.deadline) {
                state.moveTicketDeadline(e, deadline);
                tickets++;
            }
        }
        return new LedgerResult.SessionRenewed(leases, tickets);
    }
}
