package io.licman.server.ledger;

import io.licman.core.license.FeatureLicense;
import io.licman.server.policy.AccessRule;
import io.licman.server.policy.FeatureRef;
import io.licman.server.policy.Policy;
import io.licman.server.policy.SeatRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replaces licenses, policy and server host ids atomically. Leases move to the new pool with
 * the same {@link PoolKey}; leases whose pool disappeared stay, orphaned, until returned or
 * expired, and count against nothing new. Shrunk counts revoke nothing: new checkouts are
 * denied until usage fits.
 */
final class Reloads {

    private final LedgerState state;
    private final Checkouts checkouts;
    private final Releases releases;

    Reloads(LedgerState state, Checkouts checkouts, Releases releases) {
        this.state = state;
        this.checkouts = checkouts;
        this.releases = releases;
    }

    LedgerResult reload(LedgerCommand.Reload c, long now, List<LedgerEvent> out) {
        List<String> warnings = new ArrayList<>();
        List<FeatureLicense> features = distinct(c.features(), warnings);
        TreeMap<FeatureKey, FeatureState> old = new TreeMap<>(state.featureStates);
        install(features, c.policy(), c.serverHostIds());
        int orphaned = 0;
        for (Map.Entry<FeatureKey, FeatureState> e : old.entrySet()) {
            orphaned += carryOver(e.getKey(), e.getValue(), now, out);
        }
        for (FeatureState fs : state.featureStates.values()) {
            Accounting.recount(fs);
        }
        warnings.addAll(warnings(now));
        releases.serveAllQueues(now, out);
        int pools = 0;
        for (FeatureState fs : state.featureStates.values()) {
            pools += fs.pools.size();
        }
        int featureCount = (int) state.featureStates.values().stream().filter(fs -> !fs.pools.isEmpty()).count();
        out.add(new LedgerEvent.Reloaded(now, featureCount, pools, warnings));
        return new LedgerResult.Reloaded(featureCount, pools, orphaned, warnings);
    }

    /** Drops exact duplicate blocks (the same block listed twice would otherwise count twice). */
    private static List<FeatureLicense> distinct(List<FeatureLicense> features, List<String> warnings) {
        Set<FeatureLicense> seen = new LinkedHashSet<>();
        for (FeatureLicense f : features) {
            if (!seen.add(f)) {
                warnings.add("the license block " + f.describe() + f.serial().map(s -> " serial " + s).orElse("")
                        + " is listed twice; it is counted once");
            }
        }
        return List.copyOf(seen);
    }

    /** Builds fresh feature states with empty pools from the licenses (also used to restore snapshots). */
    void install(List<FeatureLicense> features, Policy policy, List<io.licman.core.hostid.HostId> serverHostIds) {
        state.features = List.copyOf(features);
        state.policy = policy;
        state.serverHostIds = List.copyOf(serverHostIds);
        state.featureStates.clear();
        TreeMap<FeatureKey, TreeMap<PoolKey, List<FeatureLicense>>> grouped = new TreeMap<>();
        for (FeatureLicense f : features) {
            grouped.computeIfAbsent(new FeatureKey(f.vendor(), f.name()), k -> new TreeMap<>())
                    .computeIfAbsent(PoolKey.of(f), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<FeatureKey, TreeMap<PoolKey, List<FeatureLicense>>> e : grouped.entrySet()) {
            FeatureKey key = e.getKey();
            FeatureState fs = new FeatureState(key, policy.forFeature(key.vendor(), key.name()));
            for (Map.Entry<PoolKey, List<FeatureLicense>> p : e.getValue().entrySet()) {
                Pool pool = new Pool(p.getKey(), p.getValue());
                pool.servedHere = pool.bindsServerTo(state.serverHostIds);
                fs.pools.add(pool);
            }
            fs.pools.sort(Pool.BEST_FIT);
            state.featureStates.put(key, fs);
        }
    }

    /** Moves an old feature's seat groups and queue into the new state; returns how many leases were orphaned. */
    private int carryOver(FeatureKey key, FeatureState before, long now, List<LedgerEvent> out) {
        int orphaned = 0;
        FeatureState after = state.featureStates.get(key);
        for (Pool old : before.allPools()) {
            if (!old.hasGroups()) {
                continue;
            }
            Pool target = after == null ? null : after.pools.stream().filter(p -> p.key.equals(old.key)).findFirst().orElse(null);
            if (target != null) {
                for (SeatGroup g : old.groups()) {
                    g.pool = target;
                    target.addGroup(g);
                }
                continue;
            }
            if (after == null) {
                after = new FeatureState(key, state.policy.forFeature(key.vendor(), key.name()));
                state.featureStates.put(key, after);
            }
            if (!old.orphaned) {
                old.orphaned = true;
                for (SeatGroup g : old.groups()) {
                    for (Lease l : g.members) {
                        out.add(new LedgerEvent.Orphaned(now, l.leaseId(), key.vendor(), key.name(), old.id));
                        orphaned++;
                    }
                }
            }
            after.orphans.add(old);
        }
        if (!before.queue.isEmpty()) {
            if (after == null) {
                after = new FeatureState(key, state.policy.forFeature(key.vendor(), key.name()));
                state.featureStates.put(key, after);
            }
            after.queue.putAll(before.queue);
        }
        return orphaned;
    }

    /** What an administrator should know about the new licenses and policy. */
    private List<String> warnings(long now) {
        List<String> out = new ArrayList<>();
        for (FeatureState fs : state.featureStates.values()) {
            long reserved = 0;
            for (int i = 0; i < fs.policy.reservationCount(); i++) {
                reserved += fs.policy.reservedSeats(i);
            }
            long seats = 0;
            for (Pool p : fs.pools) {
                if (!p.uncounted && p.servedHere && p.isValidAt(now)) {
                    seats += p.count;
                }
                if (!p.servedHere) {
                    out.add("pool " + p.id + " of " + fs.key + " is bound to server host ids " + p.binding().hostIds()
                            + ", which this server (" + state.serverHostIds + ") does not have; it is not served");
                }
            }
            if (reserved > seats && !fs.pools.isEmpty()) {
                out.add("RESERVE lines reserve " + reserved + " seats of " + fs.key + ", but only " + seats
                        + " are licensed and valid; requests not named by a RESERVE line will be denied");
            }
        }
        for (FeatureRef ref : namedFeatures(state.policy)) {
            boolean known = state.featureStates.keySet().stream().anyMatch(k -> ref.matches(k.vendor(), k.name()));
            if (!known) {
                out.add("the options file names feature " + ref + ", which no license provides");
            }
        }
        return out;
    }

    private static Set<FeatureRef> namedFeatures(Policy p) {
        Set<FeatureRef> refs = new java.util.TreeSet<>();
        for (AccessRule r : p.includes()) {
            if (!r.isAll()) {
                refs.add(r.feature());
            }
        }
        for (AccessRule r : p.excludes()) {
            if (!r.isAll()) {
                refs.add(r.feature());
            }
        }
        for (SeatRule r : p.reservations()) {
            refs.add(r.feature());
        }
        for (SeatRule r : p.maxima()) {
            refs.add(r.feature());
        }
        refs.addAll(p.timeouts().keySet());
        refs.addAll(p.lingers().keySet());
        refs.addAll(p.maxBorrowHours().keySet());
        refs.addAll(p.maxOverdrafts().keySet());
        return refs;
    }
}
