package io.licman.server.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link LedgerCommand.ExtendLeases}: what a new leader does before it serves. The time since the
 * ledger's last command (no leader could record a renewal then) plus {@link #GRACE_MILLIS} is
 * added to each deadline, up to a full time-to-live from now and never shorter: a live client keeps
 * its seat across the failover, while a lease nobody renews still ends, however often leaders
 * change. Each lease and ticket is extended by its own feature's numbers, so the order of the
 * walk cannot change the outcome.
 */
final class LeaseExtension {

    /**
     * Added to the outage: renewals the old leader acknowledged but had not yet written (they are
     * written at least once a second) and the time clients need to find the new leader.
     */
    static final long GRACE_MILLIS = 5_000;

    private LeaseExtension() {
    }

    /**
     * @param now the command's time
     * @param lastCommandAt the ledger's time before this command: its last command's
     */
    static LedgerResult.SessionRenewed extendAll(LedgerState state, long now, long lastCommandAt) {
        long shift = Math.max(0, now - lastCommandAt) + GRACE_MILLIS;
        int leases = 0;
        for (Lease l : new ArrayList<>(state.leases.values())) {
            if (l.isBorrowed()) {
                continue;
            }
            long deadline = extended(l.deadline, shift, now + state.ttlMillis(state.featureOf(l)));
            if (deadline > l.deadline) {
                state.moveLeaseDeadline(l, deadline);
                leases++;
            }
        }
        int tickets = 0;
        List<QueueEntry> queued = new ArrayList<>(state.tickets.values());
        for (QueueEntry e : queued) {
            long deadline = extended(e.deadline, shift, now + state.ttlMillis(state.featureOf(e)));
            if (deadline > e.deadline) {
                state.moveTicketDeadline(e, deadline);
                tickets++;
            }
        }
        return new LedgerResult.SessionRenewed(leases, tickets);
    }

    private static long extended(long deadline, long shift, long fullTtlFromNow) {
        return Math.max(deadline, Math.min(deadline + shift, fullTtlFromNow));
    }
}
