package io.licman.server.ledger;

import io.licman.server.policy.FeaturePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One feature in the ledger: its live pools in best-fit order, pools orphaned by reloads that
 * still hold leases, its FIFO queue, its resolved policy and the counters that policy needs.
 */
final class FeatureState {

    final FeatureKey key;
    final List<Pool> pools = new ArrayList<>();
    final List<Pool> orphans = new ArrayList<>();
    /** Queued requests by ticket, in arrival order. */
    final Map<Long, QueueEntry> queue = new LinkedHashMap<>();
    FeaturePolicy policy;
    /** Seats charged to each reservation of {@link #policy}. */
    int[] reservationCharged = new int[0];
    /** Seats counted by each MAX rule of {@link #policy}. */
    int[] maxUsed = new int[0];

    FeatureState(FeatureKey key, FeaturePolicy policy) {
        this.key = key;
        setPolicy(policy);
    }

    void setPolicy(FeaturePolicy policy) {
        this.policy = policy;
        this.reservationCharged = new int[policy.reservationCount()];
        this.maxUsed = new int[policy.maximumCount()];
    }

    /** Live pools, then orphans. */
    List<Pool> allPools() {
        List<Pool> all = new ArrayList<>(pools.size() + orphans.size());
        all.addAll(pools);
        all.addAll(orphans);
        return all;
    }

    boolean isEmpty() {
        return pools.isEmpty() && orphans.isEmpty() && queue.isEmpty();
    }

    /** Seats of reservation {@code i} not yet used by those it names. */
    int spare(int i) {
        return Math.max(0, policy.reservedSeats(i) - reservationCharged[i]);
    }

    /** The overdraft cap from {@code MAX_OVERDRAFT}, or no cap. */
    int overdraftCap() {
        return policy.maxOverdraft().orElse(Integer.MAX_VALUE);
    }

    /** Overdraft one pool may use: its licensed overdraft, capped by {@code MAX_OVERDRAFT}. */
    int overdraftAllowed(Pool p) {
        return Math.min(p.licensedOverdraft, overdraftCap());
    }

    /** Seats, usage and overdraft of the counted pools that can serve now. */
    Capacity capacity(long now) {
        long seats = 0;
        long overdraft = 0;
        long used = 0;
        long overdraftInUse = 0;
        for (Pool p : pools) {
            if (!p.uncounted && p.isServable(now)) {
                seats += p.count;
                overdraft += p.licensedOverdraft;
                used += p.used;
                overdraftInUse += p.overdraftInUse();
            }
        }
        long total = seats + Math.min(overdraft, overdraftCap());
        return new Capacity(total, used, overdraftInUse);
    }

    /**
     * Counted capacity at one moment.
     *
     * @param total licensed seats plus allowed overdraft
     * @param used seats held
     * @param overdraftInUse seats held beyond the licensed counts
     */
    record Capacity(long total, long used, long overdraftInUse) {
        long free() {
            return Math.max(0, total - used);
        }
    }
}
