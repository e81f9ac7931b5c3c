package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.Names;
import io.licman.server.policy.Policy;
import java.util.List;
import java.util.Objects;

/**
 * Something that changes the ledger. Every command carries its time ({@link #now()}, epoch
 * milliseconds on the leader's clock); the ledger never reads a clock. A time earlier than the
 * ledger's latest is treated as the latest, so the ledger's time never goes backwards.
 * Commands are immutable and encodable ({@link LedgerCommandCodec}).
 */
public sealed interface LedgerCommand {

    /** The command's time, epoch milliseconds. */
    long now();

    /** Asks for seats. Result: {@link LedgerResult.Granted}, {@link LedgerResult.Queued} or {@link LedgerResult.Denied}. */
    record Checkout(long now, CheckoutRequest request) implements LedgerCommand {
        public Checkout {
            Objects.requireNonNull(request, "request");
        }
    }

    /** Extends a lease by its time-to-live. Result: {@link LedgerResult.Renewed} or {@link LedgerResult.Denied}. */
    record RenewLease(long now, LeaseId lease, Secret secret) implements LedgerCommand {
        public RenewLease {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** Keeps a queued request alive. Result: {@link LedgerResult.Renewed} or {@link LedgerResult.Denied}. */
    record RenewTicket(long now, TicketId ticket, Secret secret) implements LedgerCommand {
        public RenewTicket {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /**
     * Extends every lease and queue ticket of one client session; the server sends it for a
     * session it has authenticated. Result: {@link LedgerResult.SessionRenewed}.
     */
    record RenewSession(long now, String clientId) implements LedgerCommand {
        public RenewSession {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** Returns a lease. Result: {@link LedgerResult.CheckedIn} or {@link LedgerResult.Denied}. */
    record Checkin(long now, LeaseId lease, Secret secret) implements LedgerCommand {
        public Checkin {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** Withdraws a queued request. Result: {@link LedgerResult.LeftQueue} or {@link LedgerResult.Denied}. */
    record LeaveQueue(long now, TicketId ticket, Secret secret) implements LedgerCommand {
        public LeaveQueue {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /**
     * Releases every lease, queue ticket and lingering seat whose deadline is at or before
     * {@code now}. The leader sends it periodically. Result: {@link LedgerResult.Swept}.
     */
    record Expire(long now) implements LedgerCommand {
    }

    /**
     * Extends every lease that needs heartbeats, and every queue ticket, by the time since the
     * ledger's previous command plus a grace, up to {@code now} plus its time-to-live and never
     * shorter; borrowed leases and lingering seats keep their deadlines. A newly elected leader
     * sends it before serving, because it cannot know which renewals its predecessor acknowledged
     * without writing them down: no live client loses its seat to a failover, and a lease nobody
     * renews still ends however often leaders change. Result: {@link LedgerResult.SessionRenewed}
     * with the counts extended.
     */
    record ExtendLeases(long now) implements LedgerCommand {
    }

    /** What an administrator's {@link Remove} selects. */
    enum RemoveScope {
        /** One lease; the value is its id. */
        LEASE,
        /** Every lease (and lingering seat) of a user. */
        USER,
        /** Every lease (and lingering seat) on a host, compared ignoring case. */
        HOST,
        /** Every lease of a client session. */
        CLIENT
    }

    /**
     * An administrator takes seats back ({@code lmremove}); no linger applies. Result:
     * {@link LedgerResult.RemovedLeases} or {@link LedgerResult.Denied} for an unknown lease.
     *
     * @param feature only leases of this feature name, or {@code null} for every feature
     */
    record Remove(long now, RemoveScope scope, String value, String feature) implements LedgerCommand {
        public Remove {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(value, "value");
            if (scope == RemoveScope.LEASE) {
                LeaseId.parse(value);
            }
            if (feature != null) {
                Names.requireFeatureName(feature);
            }
        }
    }

    /**
     * Replaces the served licenses, the policy and the server's host ids at once. The features
     * must already be verified. Result: {@link LedgerResult.Reloaded}.
     */
    record Reload(long now, List<FeatureLicense> features, Policy policy, List<HostId> serverHostIds) implements LedgerCommand {
        public Reload {
            features = List.copyOf(features);
            Objects.requireNonNull(policy, "policy");
            serverHostIds = List.copyOf(serverHostIds);
        }
    }

    /** Assigns a user to a named-user feature. Result: {@link LedgerResult.Assignments} or {@link LedgerResult.Denied}. */
    record AssignUser(long now, String vendor, String feature, String user) implements LedgerCommand {
        public AssignUser {
            Names.requireVendor(vendor);
            Names.requireFeatureName(feature);
            ClientIdentity.of(user, "-", "-");
        }
    }

    /** Removes a user's named-user assignment; their leases stay. Result: {@link LedgerResult.Assignments}. */
    record UnassignUser(long now, String vendor, String feature, String user) implements LedgerCommand {
        public UnassignUser {
            Names.requireVendor(vendor);
            Names.requireFeatureName(feature);
            ClientIdentity.of(user, "-", "-");
        }
    }
}
