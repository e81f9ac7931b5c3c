package io.licman.server.ledger;

import java.util.List;

/**
 * Something that happened in the ledger, for the usage log and for notifying clients. Every
 * event carries the ledger time {@link #at()}.
 *
 * <p>Accounting contract: each {@link Granted} lease ends with exactly one {@link LeaseEnded}
 * event ({@link CheckedIn}, {@link Expired} or {@link Removed}). Seats are taken only by
 * {@link Granted#newSeats()} and freed only by {@link LeaseEnded#seatsFreed()} and
 * {@link LingerEnded#seats()}.
 */
public sealed interface LedgerEvent {

    /** The ledger time of the event, epoch milliseconds. */
    long at();

    /** A lease's end; exactly one per granted lease. */
    sealed interface LeaseEnded extends LedgerEvent {
        LeaseId lease();

        String vendor();

        String feature();

        ClientIdentity client();

        /** Seats this end made free (0 when the seats stay with other sharers or linger). */
        int seatsFreed();
    }

    /**
     * A lease granted (directly or from the queue).
     *
     * @param newSeats seats taken by this grant (0 when it joined shared or lingering seats)
     * @param reservedSeats how many of the new seats came from {@code RESERVE}d seats
     * @param ticket the queue ticket it was granted from, or {@code null}
     */
    record Granted(long at, LeaseId lease, String vendor, String feature, String poolId, ClientIdentity client, int count,
                   int newSeats, int reservedSeats, boolean shared, boolean reclaimedLinger, long borrowedUntil,
                   TicketId ticket) implements LedgerEvent {
    }

    /** A checkout refused. */
    record Denied(long at, String vendor, String feature, ClientIdentity client, DenialReason reason, String message)
            implements LedgerEvent {
    }

    /** A checkout put in the queue. */
    record Queued(long at, TicketId ticket, String vendor, String feature, ClientIdentity client, int count, int position)
            implements LedgerEvent {
    }

    /**
     * A queued request granted; the server should tell {@code clientId} and hand it the grant
     * (whose secret must not be logged). A {@link Granted} event for the lease precedes it.
     */
    record QueueGranted(long at, TicketId ticket, String clientId, Grant grant) implements LedgerEvent {
    }

    /** Why a queued request left the queue without a grant. */
    enum DequeueCause {
        /** The client withdrew it. */
        LEFT,
        /** The client stopped renewing it. */
        EXPIRED,
        /** It can no longer be granted (the feature went away, or became impossible); see the reason. */
        DENIED
    }

    /** A queued request left the queue without a grant. */
    record Dequeued(long at, TicketId ticket, String vendor, String feature, ClientIdentity client, DequeueCause cause,
                    DenialReason reason) implements LedgerEvent {
    }

    /** A lease returned by its client. */
    record CheckedIn(long at, LeaseId lease, String vendor, String feature, ClientIdentity client, int seatsFreed)
            implements LeaseEnded {
    }

    /** A lease whose deadline passed without renewal (or whose borrow period ended). */
    record Expired(long at, LeaseId lease, String vendor, String feature, ClientIdentity client, int seatsFreed)
            implements LeaseEnded {
    }

    /** A lease an administrator removed; the server should tell the client its seat is revoked. */
    record Removed(long at, LeaseId lease, String vendor, String feature, ClientIdentity client, int seatsFreed)
            implements LeaseEnded {
    }

    /** A borrowed lease, to be used offline until {@code until}. Follows its {@link Granted}. */
    record Borrowed(long at, LeaseId lease, long until) implements LedgerEvent {
    }

    /** A borrowed lease returned before its borrow period ended. Precedes its {@link CheckedIn}. */
    record Returned(long at, LeaseId lease) implements LedgerEvent {
    }

    /** A returned lease's seats stay with its user and host until {@code until}. Follows its {@link CheckedIn}. */
    record Lingering(long at, LeaseId lease, String vendor, String feature, String user, String host, int seats, long until)
            implements LedgerEvent {
    }

    /** Lingering seats became free (linger time passed, or an administrator removed them). */
    record LingerEnded(long at, String vendor, String feature, String user, String host, int seats) implements LedgerEvent {
    }

    /** A grant used seats beyond the licensed count. Follows its {@link Granted}. */
    record OverdraftUsed(long at, LeaseId lease, String vendor, String feature, int overdraftSeats) implements LedgerEvent {
    }

    /** A reload removed the license pool of a lease; the lease stays until returned or expired. */
    record Orphaned(long at, LeaseId lease, String vendor, String feature, String poolId) implements LedgerEvent {
    }

    /** Licenses and policy replaced. */
    record Reloaded(long at, int features, int pools, List<String> warnings) implements LedgerEvent {
        public Reloaded {
            warnings = List.copyOf(warnings);
        }
    }

    /** A user assigned to a named-user feature. */
    record UserAssigned(long at, String vendor, String feature, String user) implements LedgerEvent {
    }

    /** A user's named-user assignment removed. */
    record UserUnassigned(long at, String vendor, String feature, String user) implements LedgerEvent {
    }
}
