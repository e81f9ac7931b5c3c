package io.licman.server.ledger;

import java.util.List;
import java.util.Objects;

/** What a command returns to its caller. Events for logs and notifications come separately. */
public sealed interface LedgerResult {

    /** A checkout got its seats. */
    record Granted(Grant grant) implements LedgerResult {
        public Granted {
            Objects.requireNonNull(grant, "grant");
        }
    }

    /**
     * A checkout waits in the feature's queue; the client must renew the ticket like a lease
     * and will be told when it is granted ({@link LedgerEvent.QueueGranted}).
     *
     * @param position 1 for the head of the queue
     */
    record Queued(TicketId ticket, Secret secret, int position, long deadline, long heartbeatMillis) implements LedgerResult {
    }

    /**
     * A command refused.
     *
     * @param holders who holds the feature's seats, when the reason is about busy seats and the
     *     policy shows holders; otherwise empty
     */
    record Denied(DenialReason reason, String message, List<Holder> holders) implements LedgerResult {
        public Denied {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            holders = List.copyOf(holders);
        }
    }

    /** A lease or ticket renewed; a borrowed lease keeps its deadline and needs no heartbeat. */
    record Renewed(long deadline, long heartbeatMillis) implements LedgerResult {
    }

    /** A session's leases and tickets renewed. */
    record SessionRenewed(int leases, int tickets) implements LedgerResult {
    }

    /**
     * A lease returned.
     *
     * @param seatsFreed seats now free for others (0 when shared or lingering)
     * @param lingerUntil when lingering seats become free, or 0
     */
    record CheckedIn(int seatsFreed, long lingerUntil) implements LedgerResult {
    }

    /** A queued request withdrawn. */
    record LeftQueue() implements LedgerResult {
    }

    /** An expiry sweep: how many leases, tickets and lingering seat groups ended. */
    record Swept(int leases, int tickets, int lingers) implements LedgerResult {
    }

    /** Leases an administrator removed, in grant order. */
    record RemovedLeases(List<LeaseId> leases) implements LedgerResult {
        public RemovedLeases {
            leases = List.copyOf(leases);
        }
    }

    /**
     * Licenses and policy replaced.
     *
     * @param warnings things an administrator should know, such as reservations larger than
     *     the licensed seats
     */
    record Reloaded(int features, int pools, int orphanedLeases, List<String> warnings) implements LedgerResult {
        public Reloaded {
            warnings = List.copyOf(warnings);
        }
    }

    /** A feature's named-user assignments after a change. */
    record Assignments(String vendor, String feature, List<String> users) implements LedgerResult {
        public Assignments {
            users = List.copyOf(users);
        }
    }
}
