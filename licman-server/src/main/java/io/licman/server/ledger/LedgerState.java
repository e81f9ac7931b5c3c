package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.server.policy.Policy;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All of a ledger's state, with the index upkeep every rule needs. Results depend only on the
 * sorted and insertion-ordered structures; the hash maps are lookups by id (iterated only to be
 * sorted), and the per-client lists are only walked to renew every member alike, where order
 * cannot matter.
 */
final class LedgerState {

    final LedgerSettings settings;
    final HandleMint mint;
    long clock;
    long seq;
    List<FeatureLicense> features = List.of();
    Policy policy = Policy.EMPTY;
    List<HostId> serverHostIds = List.of();
    final TreeMap<FeatureKey, FeatureState> featureStates = new TreeMap<>();
    final LongMap<Lease> leases = new LongMap<>();
    final LongMap<QueueEntry> tickets = new LongMap<>();
    final LongMap<SeatGroup> lingering = new LongMap<>();
    /** The most recent lease of each client session; the others follow through {@link Lease#nextOfClient}. */
    final Map<String, Lease> leasesByClient = new HashMap<>();
    final Map<String, Set<Long>> ticketsByClient = new HashMap<>();
    final DeadlineIndex deadlines = new DeadlineIndex();
    final TreeMap<FeatureKey, TreeSet<String>> namedUsers = new TreeMap<>();

    LedgerState(LedgerSettings settings, long mintCounter) {
        this.settings = settings;
        this.mint = new HandleMint(settings.seed(), mintCounter);
    }

    long nextSeq() {
        return ++seq;
    }

    HandleMint.Handle mintHandle() {
        return mint.next(id -> leases.containsKey(id) || tickets.containsKey(id));
    }

    /** Moves the ledger clock to the command's time, never backwards; returns the time to use. */
    long advanceClock(long commandTime) {
        if (commandTime > clock) {
            clock = commandTime;
        }
        return clock;
    }

    FeatureState feature(String vendor, String name) {
        return featureStates.get(new FeatureKey(vendor, name));
    }

    FeatureState featureOf(QueueEntry e) {
        return feature(e.request.vendor(), e.request.feature());
    }

    FeatureState featureOf(Lease l) {
        return featureStates.get(l.group.pool.featureKey);
    }

    /** The lease time-to-live for a feature: {@code TIMEOUT}, {@code TIMEOUTALL}, or the default. */
    long ttlMillis(FeatureState fs) {
        Duration ttl = fs == null ? settings.defaultLeaseTtl() : fs.policy.timeout().orElse(settings.defaultLeaseTtl());
        return ttl.toMillis();
    }

    /** How long returned seats of a pool linger: the larger of the license's and the options file's. */
    long lingerMillis(FeatureState fs, Pool p) {
        Duration policyLinger = fs == null ? Duration.ZERO : fs.policy.linger();
        Duration licensed = p.licensedLinger();
        return Math.max(policyLinger.toMillis(), licensed.toMillis());
    }

    boolean isAssigned(FeatureKey key, String user) {
        TreeSet<String> users = namedUsers.get(key);
        return users != null && users.contains(user);
    }

    void indexLease(Lease l) {
        leases.put(l.id, l);
        Lease head = leasesByClient.put(l.client.clientId(), l);
        l.prevOfClient = null;
        l.nextOfClient = head;
        if (head != null) {
            head.prevOfClient = l;
        }
        deadlines.add(l.deadline, DeadlineIndex.LEASE, l.id, l);
    }

    void unindexLease(Lease l) {
        unindexLease(l, true);
    }

    /** Forgets a lease; {@code withDeadline} is false when the deadline entry is already gone. */
    void unindexLease(Lease l, boolean withDeadline) {
        leases.remove(l.id);
        if (l.prevOfClient != null) {
            l.prevOfClient.nextOfClient = l.nextOfClient;
        } else if (l.nextOfClient != null) {
            leasesByClient.put(l.client.clientId(), l.nextOfClient);
        } else {
            leasesByClient.remove(l.client.clientId());
        }
        if (l.nextOfClient != null) {
            l.nextOfClient.prevOfClient = l.prevOfClient;
        }
        l.prevOfClient = null;
        l.nextOfClient = null;
        if (withDeadline) {
            deadlines.remove(l.deadline, DeadlineIndex.LEASE, l.id);
        }
    }

    void moveLeaseDeadline(Lease l, long deadline) {
        deadlines.remove(l.deadline, DeadlineIndex.LEASE, l.id);
        l.deadline = deadline;
        deadlines.add(deadline, DeadlineIndex.LEASE, l.id, l);
    }

    void indexTicket(QueueEntry e) {
        tickets.put(e.ticket, e);
        ticketsByClient.computeIfAbsent(e.request.client().clientId(), k -> new HashSet<>()).add(e.ticket);
        deadlines.add(e.deadline, DeadlineIndex.TICKET, e.ticket, e);
    }

    void unindexTicket(QueueEntry e) {
        unindexTicket(e, true);
    }

    /** Forgets a ticket; {@code withDeadline} is false when the deadline entry is already gone. */
    void unindexTicket(QueueEntry e, boolean withDeadline) {
        tickets.remove(e.ticket);
        removeFromClientIndex(ticketsByClient, e.request.client().clientId(), e.ticket);
        if (withDeadline) {
            deadlines.remove(e.deadline, DeadlineIndex.TICKET, e.ticket);
        }
    }

    void moveTicketDeadline(QueueEntry e, long deadline) {
        deadlines.remove(e.deadline, DeadlineIndex.TICKET, e.ticket);
        e.deadline = deadline;
        deadlines.add(deadline, DeadlineIndex.TICKET, e.ticket, e);
    }

    void indexLinger(SeatGroup g) {
        lingering.put(g.seq, g);
        deadlines.add(g.lingerUntil, DeadlineIndex.LINGER, g.seq, g);
    }

    void unindexLinger(SeatGroup g) {
        lingering.remove(g.seq);
        deadlines.remove(g.lingerUntil, DeadlineIndex.LINGER, g.seq);
    }

    private static void removeFromClientIndex(Map<String, Set<Long>> index, String clientId, long id) {
        Set<Long> ids = index.get(clientId);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
            index.remove(clientId);
        }
    }
}
