package io.licman.server.session;

import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.LeaseStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds leases that their own client does not know about: a grant whose answer never reached the
 * client, because the connection or the server died between the grant and the reply. The client
 * checks out again and never mentions the first lease, yet its session's heartbeats renew every
 * lease of its client id, so without this the seat would stay taken for as long as the client
 * runs. A lease is due for release once its client has had a live session here that did not hold
 * it for a whole time-to-live: long enough for a reconnecting client to resume what it knows.
 * Borrowed leases are left alone (their client is away on purpose). Not thread-safe: one
 * housekeeping thread drives it.
 */
public final class UnclaimedLeases {

    private final Map<LeaseId, Long> unclaimedSince = new HashMap<>();

    /**
     * Looks at every lease and returns those unclaimed for at least {@code graceMillis}.
     *
     * @param leases the ledger's leases
     * @param sessions the live sessions of this server
     * @param now the current time, epoch milliseconds
     */
    public List<LeaseStatus> due(List<LeaseStatus> leases, SessionRegistry sessions, long now, long graceMillis) {
        List<LeaseStatus> due = new ArrayList<>();
        Set<LeaseId> seen = new HashSet<>();
        for (LeaseStatus lease : leases) {
            if (lease.borrowedUntil() > 0 || !sessions.isUnclaimed(lease.lease(), lease.client().clientId())) {
                continue;
            }
            seen.add(lease.lease());
            long since = unclaimedSince.computeIfAbsent(lease.lease(), id -> now);
            if (now - since >= graceMillis) {
                due.add(lease);
            }
        }
        unclaimedSince.keySet().retainAll(seen);
        return due;
    }

    /** Forgets what was seen, when this server stops serving (a follower leaves this to the leader). */
    public void clear() {
        unclaimedSince.clear();
    }
}
