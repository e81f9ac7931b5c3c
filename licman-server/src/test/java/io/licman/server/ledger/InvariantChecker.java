package io.licman.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.license.HostBinding;
import io.licman.server.policy.FeaturePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the ledger's promises after every command, computing each from the state in its own,
 * simpler way rather than trusting the ledger's counters:
 * <ul>
 *   <li>a grant never puts a pool beyond its count plus overdraft, and a grant using overdraft never puts the
 *       feature beyond {@code MAX_OVERDRAFT} (a reload that shrinks counts may leave more in use, revoking nothing);</li>
 *   <li>a grant never takes seats {@code RESERVE}d for others;</li>
 *   <li>a grant never breaks a {@code MAX} rule that counts its requester;</li>
 *   <li>a grant never goes to a later request while an earlier queued one that could use the same seats waits;</li>
 *   <li>after a sweep no queued request could be granted, and nothing outlives its deadline;</li>
 *   <li>events balance: each lease is granted once and ends once, and seats taken minus seats freed
 *       equals seats held;</li>
 *   <li>indexes and counters agree with the seat groups they summarise.</li>
 * </ul>
 */
final class InvariantChecker {

    /** What must be known from before a command: the queues, in order. */
    record Before(Map<FeatureKey, List<QueueEntry>> queues) {
    }

    private final Set<LeaseId> granted = new HashSet<>();
    private final Set<LeaseId> ended = new HashSet<>();
    private long seatsTaken;
    private long seatsFreed;

    Before before(Ledger ledger) {
        Map<FeatureKey, List<QueueEntry>> queues = new LinkedHashMap<>();
        for (FeatureState fs : ledger.state().featureStates.values()) {
            if (!fs.queue.isEmpty()) {
                queues.put(fs.key, new ArrayList<>(fs.queue.values()));
            }
        }
        return new Before(queues);
    }

    void after(LedgerCommand command, Applied applied, Ledger ledger, Before before) {
        LedgerState s = ledger.state();
        long now = s.clock;
        String context = command.getClass().getSimpleName() + " -> " + applied.result().getClass().getSimpleName();
        balance(applied, s, context);
        consistency(s, context);
        for (LedgerEvent e : applied.events()) {
            if (e instanceof LedgerEvent.Granted g && g.newSeats() > 0) {
                boolean overdraft = applied.events().stream()
                        .anyMatch(o -> o instanceof LedgerEvent.OverdraftUsed u && u.lease().equals(g.lease()));
                grant(g, overdraft, s, now, before, context);
            }
        }
        if (command instanceof LedgerCommand.Expire) {
            nothingOutlivesItsDeadline(s, now, context);
        }
        if (command instanceof LedgerCommand.Expire || command instanceof LedgerCommand.Reload) {
            for (FeatureState fs : s.featureStates.values()) {
                queueIsServed(s, fs, now, context);
            }
        }
        if (command instanceof LedgerCommand.Checkin && applied.result() instanceof LedgerResult.CheckedIn) {
            for (LedgerEvent e : applied.events()) {
                if (e instanceof LedgerEvent.CheckedIn c) {
                    FeatureState fs = s.feature(c.vendor(), c.feature());
                    if (fs != null) {
                        queueIsServed(s, fs, now, context);
                    }
                }
            }
        }
    }

    private void balance(Applied applied, LedgerState s, String context) {
        for (LedgerEvent e : applied.events()) {
            if (e instanceof LedgerEvent.Granted g) {
                assertThat(granted.add(g.lease())).as("%s: lease %s granted twice", context, g.lease()).isTrue();
                seatsTaken += g.newSeats();
            } else if (e instanceof LedgerEvent.LeaseEnded end) {
                assertThat(granted).as("%s: lease %s ended without a grant", context, end.lease()).contains(end.lease());
                assertThat(ended.add(end.lease())).as("%s: lease %s ended twice", context, end.lease()).isTrue();
                seatsFreed += end.seatsFreed();
            } else if (e instanceof LedgerEvent.LingerEnded l) {
                seatsFreed += l.seats();
            }
        }
        assertThat(s.leases.size()).as("%s: live leases = granted - ended", context).isEqualTo(granted.size() - ended.size());
        for (Lease l : s.leases.values()) {
            LeaseId lease = new LeaseId(l.id);
            assertThat(granted.contains(lease) && !ended.contains(lease)).as("%s: lease %s is live", context, lease).isTrue();
        }
        long held = 0;
        for (FeatureState fs : s.featureStates.values()) {
            for (Pool p : fs.allPools()) {
                held += p.used;
            }
        }
        assertThat(held).as("%s: seats held = seats taken - seats freed", context).isEqualTo(seatsTaken - seatsFreed);
    }

    private static void consistency(LedgerState s, String context) {
        int leases = 0;
        int lingering = 0;
        int queued = 0;
        for (FeatureState fs : s.featureStates.values()) {
            assertThat(fs.isEmpty()).as("%s: empty feature %s is kept", context, fs.key).isFalse();
            FeaturePolicy fp = fs.policy;
            int[] maxUsed = new int[fp.maximumCount()];
            int[] charged = new int[fp.reservationCount()];
            for (Pool p : fs.allPools()) {
                int used = 0;
                for (SeatGroup g : p.groups()) {
                    assertThat(g.pool).as("%s: group's pool", context).isSameAs(p);
                    used += g.seats;
                    assertThat(g.isLingering()).as("%s: a group lingers exactly when it has no lease", context)
                            .isEqualTo(g.members.isEmpty());
                    lingering += g.isLingering() ? 1 : 0;
                    for (Lease l : g.members) {
                        assertThat(s.leases.get(l.id)).as("%s: indexed lease", context).isSameAs(l);
                        assertThat(l.group).isSameAs(g);
                        leases++;
                    }
                    for (int j = 0; j < maxUsed.length; j++) {
                        if (fp.maximumMatches(j, g.owner)) {
                            maxUsed[j] += g.seats;
                        }
                    }
                    if (g.charges != null) {
                        for (int i = 0; i < charged.length; i++) {
                            charged[i] += g.charges[i];
                        }
                    }
                }
                assertThat(p.used).as("%s: pool %s used = sum of its groups", context, p.id).isEqualTo(used);
            }
            assertThat(fs.maxUsed).as("%s: MAX counters of %s", context, fs.key).isEqualTo(maxUsed);
            assertThat(fs.reservationCharged).as("%s: reservation counters of %s", context, fs.key).isEqualTo(charged);
            for (QueueEntry e : fs.queue.values()) {
                assertThat(s.tickets.get(e.ticket)).isSameAs(e);
                queued++;
            }
        }
        assertThat(s.leases.size()).as("%s: every lease is in a group", context).isEqualTo(leases);
        assertThat(s.lingering.size()).as("%s: lingering index", context).isEqualTo(lingering);
        assertThat(s.tickets.size()).as("%s: ticket index", context).isEqualTo(queued);
        assertThat(s.deadlines.size()).as("%s: deadline index", context).isEqualTo(leases + lingering + queued);
    }

    private void grant(LedgerEvent.Granted g, boolean usedOverdraft, LedgerState s, long now, Before before, String context) {
        Lease lease = s.leases.get(g.lease().value());
        assertThat(lease).as("%s: granted lease %s is live", context, g.lease()).isNotNull();
        SeatGroup group = lease.group;
        Pool p = group.pool;
        FeatureState fs = s.feature(g.vendor(), g.feature());
        assertThat(p.orphaned).as("%s: grant from an orphaned pool", context).isFalse();
        if (!p.uncounted) {
            assertThat(p.used).as("%s: pool %s holds at most count + overdraft", context, p.id)
                    .isLessThanOrEqualTo(p.count + fs.overdraftAllowed(p));
            if (usedOverdraft) {
                assertThat(fs.capacity(now).overdraftInUse()).as("%s: a grant using overdraft kept MAX_OVERDRAFT of %s", context, fs.key)
                        .isLessThanOrEqualTo(fs.overdraftCap());
            }
            reservationsKept(g, s, fs, now, context);
        }
        maximaKept(g, fs, context);
        noEarlierRequestPassedOver(g, s, fs, group, now, before, context);
    }

    /** Seats reserved for others and not yet used by them must still be free after the grant. */
    private static void reservationsKept(LedgerEvent.Granted g, LedgerState s, FeatureState fs, long now, String context) {
        FeaturePolicy fp = fs.policy;
        long total = 0;
        long overdraft = 0;
        long used = 0;
        for (Pool p : fs.pools) {
            if (!p.uncounted && p.servedHere && p.isValidAt(now)) {
                total += p.count;
                overdraft += p.licensedOverdraft;
                used += p.used;
            }
        }
        total += Math.min(overdraft, fs.overdraftCap());
        long heldForOthers = 0;
        for (int i = 0; i < fp.reservationCount(); i++) {
            if (fp.reservationMatches(i, g.client())) {
                continue;
            }
            long usedByNamed = 0;
            for (Pool p : fs.pools) {
                if (p.uncounted) {
                    continue;
                }
                for (SeatGroup grp : p.groups()) {
                    if (fp.reservationMatches(i, grp.owner)) {
                        usedByNamed += grp.seats;
                    }
                }
            }
            heldForOthers += Math.max(0, fp.reservedSeats(i) - usedByNamed);
        }
        assertThat(heldForOthers).as("%s: grant to %s left fewer free seats (%d) than are reserved for others",
                context, g.client().describe(), total - used).isLessThanOrEqualTo(total - used);
    }

    private static void maximaKept(LedgerEvent.Granted g, FeatureState fs, String context) {
        FeaturePolicy fp = fs.policy;
        for (int j = 0; j < fp.maximumCount(); j++) {
            if (!fp.maximumMatches(j, g.client())) {
                continue;
            }
            long usage = 0;
            for (Pool p : fs.allPools()) {
                for (SeatGroup grp : p.groups()) {
                    if (fp.maximumMatches(j, grp.owner)) {
                        usage += grp.seats;
                    }
                }
            }
            assertThat(usage).as("%s: %s is exceeded by the grant to %s", context, fp.maxima().get(j), g.client().describe())
                    .isLessThanOrEqualTo(fp.maximumSeats(j));
        }
    }

    /** No request still queued from before, and earlier than this grant's, could have used the seats it took. */
    private static void noEarlierRequestPassedOver(LedgerEvent.Granted g, LedgerState s, FeatureState fs, SeatGroup group,
                                                   long now, Before before, String context) {
        List<QueueEntry> pending = before.queues().get(fs.key);
        if (pending == null) {
            return;
        }
        for (QueueEntry e : pending) {
            if (g.ticket() != null && e.ticket == g.ticket().value()) {
                return;
            }
            if (!fs.queue.containsKey(e.ticket)) {
                continue;
            }
            assertThat(couldUse(e.request, group, s, fs, now))
                    .as("%s: %s was granted %d seats of %s while the earlier queued %s waits", context,
                            g.client().describe(), g.newSeats(), group.pool.id, e.request.describe())
                    .isFalse();
        }
    }

    /** Whether the waiting request could have used the seats {@code group} took (its own rules, not the planner's). */
    private static boolean couldUse(CheckoutRequest r, SeatGroup group, LedgerState s, FeatureState fs, long now) {
        Pool p = group.pool;
        FeaturePolicy fp = fs.policy;
        if (!suits(r, p, s, fp, now) || !fp.admits(r.client())) {
            return false;
        }
        long cost = (long) r.count() * p.tokens();
        if (!p.uncounted && cost > p.count + fs.overdraftAllowed(p)) {
            return false;
        }
        for (int j = 0; j < fp.maximumCount(); j++) {
            if (!fp.maximumMatches(j, r.client())) {
                continue;
            }
            long usage = 0;
            for (Pool q : fs.allPools()) {
                for (SeatGroup grp : q.groups()) {
                    if (grp != group && fp.maximumMatches(j, grp.owner)) {
                        usage += grp.seats;
                    }
                }
            }
            if (usage + cost > fp.maximumSeats(j)) {
                return false;
            }
        }
        if (group.charges != null && group.reservedSeats() == group.seats) {
            for (int i = 0; i < group.charges.length; i++) {
                if (group.charges[i] > 0 && fp.reservationMatches(i, r.client())) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean suits(CheckoutRequest r, Pool p, LedgerState s, FeaturePolicy fp, long now) {
        HostBinding b = p.prototype.host();
        if (b.scope() == HostBinding.Scope.SERVER && !b.matches(s.serverHostIds)) {
            return false;
        }
        if (p.prototype.version().compareTo(r.minimumVersion()) < 0) {
            return false;
        }
        if (now < p.prototype.validFromMillis() || now >= p.prototype.validUntilMillis()) {
            return false;
        }
        if (b.scope() == HostBinding.Scope.CLIENT && !b.matches(r.clientHostIds())) {
            return false;
        }
        if (p.prototype.namedUsers() && !s.isAssigned(new FeatureKey(r.vendor(), r.feature()), r.client().user())) {
            return false;
        }
        if (r.isBorrow()) {
            Duration limit = p.prototype.maxBorrow();
            if (fp.maxBorrow().isPresent() && fp.maxBorrow().get().compareTo(limit) < 0) {
                limit = fp.maxBorrow().get();
            }
            return !limit.isZero() && r.borrow().compareTo(limit) <= 0;
        }
        return true;
    }

    private static void nothingOutlivesItsDeadline(LedgerState s, long now, String context) {
        for (Lease l : s.leases.values()) {
            assertThat(l.deadline).as("%s: lease deadline after a sweep", context).isGreaterThan(now);
        }
        for (QueueEntry e : s.tickets.values()) {
            assertThat(e.deadline).as("%s: ticket deadline after a sweep", context).isGreaterThan(now);
        }
        for (SeatGroup g : s.lingering.values()) {
            assertThat(g.lingerUntil).as("%s: linger end after a sweep", context).isGreaterThan(now);
        }
    }

    /** After the queue is served, no waiting request could be granted. */
    private static void queueIsServed(LedgerState s, FeatureState fs, long now, String context) {
        CheckoutPlanner planner = new CheckoutPlanner(s);
        List<QueueEntry> ahead = new ArrayList<>();
        for (QueueEntry e : fs.queue.values()) {
            Plan plan = planner.plan(e.request, now, ahead, null);
            assertThat(plan).as("%s: queued %s could be served but waits", context, e.request.describe()).isInstanceOf(Plan.Wait.class);
            ahead.add(e);
        }
    }
}
