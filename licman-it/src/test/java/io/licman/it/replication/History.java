package io.licman.it.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the clients were told, on their own clock: when each lease was acknowledged and when its
 * holder stopped using it, the leases the server took away, and every successful or refused
 * operation (for unavailability windows).
 */
final class History {

    private final Map<Long, long[]> leases = new ConcurrentHashMap<>();
    private final Set<Long> lost = ConcurrentHashMap.newKeySet();
    private final List<String> lossReports = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.ConcurrentSkipListSet<Long> successes = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final java.util.concurrent.atomic.AtomicLong grants = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong denials = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    void granted(long lease, long at) {
        leases.put(lease, new long[] {at, Long.MAX_VALUE});
        grants.incrementAndGet();
        successes.add(at);
    }

    void released(long lease, long at) {
        long[] interval = leases.get(lease);
        if (interval != null) {
            interval[1] = at;
        }
    }

    void denied(long at, Throwable why) {
        if (denials.incrementAndGet() <= 3) {
            System.out.println("denied: " + why);
        }
        successes.add(at);
    }

    void failed(Throwable e) {
        if (failures.incrementAndGet() <= 5) {
            System.out.println("failed call: " + e);
        }
    }

    /** The server ended a lease its holder had not given back. */
    void lost(long lease, String why) {
        long[] interval = leases.get(lease);
        if (interval != null && interval[1] == Long.MAX_VALUE) {
            lost.add(lease);
            lossReports.add(Long.toUnsignedString(lease) + ": " + why);
        }
    }

    /** What the clients know of a lease: held, given back (when, in ms before now), lost, or never acknowledged to any. */
    String describe(long lease) {
        long[] interval = leases.get(lease);
        if (interval == null) {
            return "never acknowledged to a client";
        }
        if (lost.contains(lease)) {
            return "lost by its client";
        }
        return interval[1] == Long.MAX_VALUE ? "held" : "given back " + (System.nanoTime() - interval[1]) / 1_000_000 + " ms ago";
    }

    /** Leases acknowledged and not yet given back. */
    Set<Long> held() {
        Set<Long> out = new java.util.HashSet<>();
        leases.forEach((id, interval) -> {
            if (interval[1] == Long.MAX_VALUE && !lost.contains(id)) {
                out.add(id);
            }
        });
        return out;
    }

    List<String> lossReports() {
        return List.copyOf(lossReports);
    }

    long grants() {
        return grants.get();
    }

    long denials() {
        return denials.get();
    }

    long failures() {
        return failures.get();
    }

    /** The most leases held at once by the clients' own account (acknowledged, not yet given back). */
    int maxConcurrent() {
        TreeMap<Long, Integer> delta = new TreeMap<>();
        for (long[] interval : leases.values()) {
            delta.merge(interval[0], 1, Integer::sum);
            if (interval[1] != Long.MAX_VALUE) {
                delta.merge(interval[1], -1, Integer::sum);
            }
        }
        int now = 0;
        int max = 0;
        for (int d : delta.values()) {
            now += d;
            max = Math.max(max, now);
        }
        return max;
    }

    /** Milliseconds from {@code since} to the first operation the servers answered after it, or -1. */
    long firstAnswerAfterMillis(long since) {
        Long next = successes.ceiling(since);
        return next == null ? -1 : (next - since) / 1_000_000;
    }

    /** Grants acknowledged from {@code from} (inclusive) to {@code to} (exclusive), nanoTime. */
    long grantsBetween(long from, long to) {
        return leases.values().stream().filter(interval -> interval[0] - from >= 0 && interval[0] - to < 0).count();
    }

    /** Milliseconds from {@code since} to the first grant after it, or -1. */
    long firstGrantAfterMillis(long since) {
        long best = Long.MAX_VALUE;
        for (long[] interval : leases.values()) {
            if (interval[0] >= since && interval[0] < best) {
                best = interval[0];
            }
        }
        return best == Long.MAX_VALUE ? -1 : (best - since) / 1_000_000;
    }
}
