package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.server.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ledger of seats: every licensing rule as a deterministic state machine.
 *
 * <p>Change it only through {@link #apply(LedgerCommand)}, from one thread. It never reads a
 * clock, a file or the network, and draws no randomness except from the secret seed in its
 * {@link LedgerSettings}: the same commands in the same order give the same results, events
 * and {@link #snapshot() snapshot} bytes on every replica. The rules are documented in
 * {@code docs/ledger.md}.
 *
 * <pre>{@code
 * Ledger ledger = Ledger.create(LedgerSettings.withSeed(seed));
 * ledger.apply(new LedgerCommand.Reload(now, verifiedFeatures, policy, serverHostIds));
 * Applied a = ledger.apply(new LedgerCommand.Checkout(now, CheckoutRequest.of("acme", "cad", Version.parse("1.0"), client)));
 * if (a.result() instanceof LedgerResult.Granted g) { ... g.grant().lease() ... }
 * a.events().forEach(usageLog::write);
 * }</pre>
 *
 * <p>Not thread-safe: queries must run on the thread that applies commands (or while none is
 * applied).
 */
public final class Ledger {

    private final LedgerState state;
    private final CheckoutPlanner planner;
    private final Checkouts checkouts;
    private final Releases releases;
    private final Reloads reloads;
    private final NamedUsers namedUsers;
    private final StatusReports status;

    private Ledger(LedgerState state) {
        this.state = state;
        this.planner = new CheckoutPlanner(state);
        this.checkouts = new Checkouts(state, planner);
        this.releases = new Releases(state, checkouts);
        this.reloads = new Reloads(state, checkouts, releases);
        this.namedUsers = new NamedUsers(state);
        this.status = new StatusReports(state, planner);
    }

    /** A ledger with no licenses, the empty policy and time 0; send a {@link LedgerCommand.Reload} next. */
    public static Ledger create(LedgerSettings settings) {
        return new Ledger(new LedgerState(Objects.requireNonNull(settings, "settings"), 0));
    }

    /**
     * Rebuilds a ledger from {@link #snapshot()} bytes; it behaves exactly as the ledger that
     * wrote them on any further commands.
     *
     * @throws LedgerFormatException when the bytes are not a snapshot this version can read
     */
    public static Ledger restore(byte[] snapshot) {
        LedgerState state = LedgerSnapshot.read(snapshot);
        Ledger ledger = new Ledger(state);
        return ledger;
    }

    /** Applies one command and returns its result with the events it caused. Never throws for a valid command. */
    public Applied apply(LedgerCommand command) {
        long before = state.clock;
        long now = state.advanceClock(command.now());
        List<LedgerEvent> out = new ArrayList<>(4);
        LedgerResult result;
        if (command instanceof LedgerCommand.Checkout c) {
            result = checkouts.checkout(c.request(), now, out);
        } else if (command instanceof LedgerCommand.RenewLease c) {
            result = releases.renewLease(c, now);
        } else if (command instanceof LedgerCommand.RenewTicket c) {
            result = releases.renewTicket(c, now);
        } else if (command instanceof LedgerCommand.RenewSession c) {
            result = releases.renewSession(c.clientId(), now);
        } else if (command instanceof LedgerCommand.Checkin c) {
            result = releases.checkin(c, now, out);
        } else if (command instanceof LedgerCommand.LeaveQueue c) {
            result = releases.leaveQueue(c, now, out);
        } else if (command instanceof LedgerCommand.Expire) {
            result = releases.expire(now, out);
        } else if (command instanceof LedgerCommand.Remove c) {
            result = releases.remove(c, now, out);
        } else if (command instanceof LedgerCommand.ExtendLeases) {
            result = LeaseExtension.extendAll(state, now, before);
        } else if (command instanceof LedgerCommand.Reload c) {
            result = reloads.reload(c, now, out);
        } else if (command instanceof LedgerCommand.AssignUser c) {
            result = namedUsers.assign(c, now, out);
        } else if (command instanceof LedgerCommand.UnassignUser c) {
            result = namedUsers.unassign(c, now, out);
        } else {
            throw new IllegalArgumentException("unknown command " + command.getClass().getName());
        }
        return new Applied(result, out);
    }

    /** The whole state in the versioned binary format of {@code docs/ledger.md}; equal states give equal bytes. */
    public byte[] snapshot() {
        return LedgerSnapshot.write(state);
    }

    /** What {@code request} would get at {@code now}, and why, without changing anything. */
    public Diagnosis diagnose(CheckoutRequest request, long now) {
        return status.diagnose(request, Math.max(now, state.clock), checkouts);
    }

    /** The served features with their pools, in vendor and name order. */
    public List<FeatureStatus> features() {
        return status.features();
    }

    /** Every lease, in grant order. */
    public List<LeaseStatus> leases() {
        return status.leases();
    }

    /** Seats lingering for their last user, in check-out order. */
    public List<LingerStatus> lingering() {
        return status.lingering();
    }

    /** Every queued request, by feature, in queue order. */
    public List<QueueEntryStatus> queue() {
        return status.queue();
    }

    /** The number of leases held. */
    public int leaseCount() {
        return state.leases.size();
    }

    /** The ledger's time: the latest command time seen. */
    public long clock() {
        return state.clock;
    }

    /** The policy in force. */
    public Policy policy() {
        return state.policy;
    }

    /** The license blocks in force, as given to the last reload (duplicates dropped). */
    public List<FeatureLicense> licenses() {
        return state.features;
    }

    /** The state itself, for invariant checks in tests of this package. */
    LedgerState state() {
        return state;
    }

    /** The server host ids given to the last reload. */
    public List<HostId> serverHostIds() {
        return state.serverHostIds;
    }
}
