package io.licman.server.ledger;

import java.util.List;

/**
 * A served feature: its pools, queue length and named users.
 *
 * @param pools live pools in best-fit order, then orphaned pools
 * @param reserved seats {@code RESERVE}d for this feature by the policy
 * @param queued requests waiting
 * @param namedUsers users assigned, for a named-user feature
 */
public record FeatureStatus(String vendor, String feature, List<PoolStatus> pools, int reserved, int queued,
                            List<String> namedUsers) {

    public FeatureStatus {
        pools = List.copyOf(pools);
        namedUsers = List.copyOf(namedUsers);
    }

    /** Licensed seats over all live counted pools. */
    public int totalSeats() {
        return pools.stream().filter(p -> !p.orphaned() && !p.uncounted()).mapToInt(PoolStatus::count).sum();
    }

    /** Seats in use over all pools. */
    public int usedSeats() {
        return pools.stream().mapToInt(PoolStatus::used).sum();
    }
}
