package io.licman.server.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a feature's reservation and MAX counters in step with its seat groups: charged when a
 * group takes seats, released when it frees them, and recounted from scratch after a reload.
 */
final class Accounting {

    private Accounting() {
    }

    /** Counts a new group (its charges already decided) against the feature's counters. */
    static void charge(FeatureState fs, SeatGroup g) {
        if (g.charges != null) {
            for (int i = 0; i < g.charges.length; i++) {
                fs.reservationCharged[i] += g.charges[i];
            }
        }
        g.maxMatches = maxMatches(fs, g.owner);
        for (int j : g.maxMatches) {
            fs.maxUsed[j] += g.seats;
        }
    }

    /** Takes a freed group off the feature's counters. */
    static void release(FeatureState fs, SeatGroup g) {
        if (g.charges != null && g.charges.length == fs.reservationCharged.length) {
            for (int i = 0; i < g.charges.length; i++) {
                fs.reservationCharged[i] -= g.charges[i];
            }
        }
        for (int j : g.maxMatches) {
            if (j < fs.maxUsed.length) {
                fs.maxUsed[j] -= g.seats;
            }
        }
    }

    /**
     * Recounts every group of {@code fs} under its (new) policy, oldest group first: MAX counts
     * every group; reservations are charged greedily, in file order, by groups of live counted
     * pools.
     */
    static void recount(FeatureState fs) {
        fs.reservationCharged = new int[fs.policy.reservationCount()];
        fs.maxUsed = new int[fs.policy.maximumCount()];
        for (SeatGroup g : groupsBySeq(fs)) {
            boolean counted = !g.pool.orphaned && !g.pool.uncounted;
            g.charges = counted ? CheckoutPlanner.charge(fs, CheckoutPlanner.reservationsOf(fs.policy, g.owner), g.seats) : null;
            charge(fs, g);
        }
    }

    /** Restores counters from groups whose charges were read from a snapshot. */
    static void recountKeepingCharges(FeatureState fs) {
        fs.reservationCharged = new int[fs.policy.reservationCount()];
        fs.maxUsed = new int[fs.policy.maximumCount()];
        for (SeatGroup g : groupsBySeq(fs)) {
            charge(fs, g);
        }
    }

    static List<SeatGroup> groupsBySeq(FeatureState fs) {
        List<SeatGroup> all = new ArrayList<>();
        for (Pool p : fs.allPools()) {
            all.addAll(p.groups());
        }
        all.sort(Comparator.comparingLong(g -> g.seq));
        return all;
    }

    private static int[] maxMatches(FeatureState fs, ClientIdentity owner) {
        int n = fs.policy.maximumCount();
        if (n == 0) {
            return new int[0];
        }
        int count = 0;
        int[] tmp = new int[n];
        for (int j = 0; j < n; j++) {
            if (fs.policy.maximumMatches(j, owner)) {
                tmp[count++] = j;
            }
        }
        return java.util.Arrays.copyOf(tmp, count);
    }
}
