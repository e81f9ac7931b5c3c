package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.HostBinding;
import io.licman.core.license.Sharing;
import io.licman.core.license.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Seats from one or more license blocks with the same {@link PoolKey}, and the seat groups
 * holding them. Groups keep their arrival order (an intrusive list: O(1) removal, deterministic
 * iteration, preserved by snapshots). The indexes by share key and by lingering owner are for
 * lookups only and are never iterated in a way that affects results.
 */
final class Pool {

    /**
     * The best-fit order: the lowest version, then the earliest expiry, then the lowest serial,
     * then the key. A checkout takes the first pool of this order that serves it, so newer and
     * longer-lived seats stay free for those who need them.
     */
    static final Comparator<Pool> BEST_FIT = Comparator.<Pool, Version>comparing(Pool::version)
            .thenComparingLong(Pool::validUntil)
            .thenComparing(Pool::lowestSerial, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(p -> p.key);

    final PoolKey key;
    final FeatureKey featureKey;
    final String id;
    final List<FeatureLicense> blocks;
    final FeatureLicense prototype;
    final int count;
    final int licensedOverdraft;
    final boolean uncounted;
    boolean servedHere = true;
    boolean orphaned;
    int used;
    /** Seat groups in the order they came to this pool (which snapshots keep): an intrusive list, O(1) to unlink. */
    private SeatGroup first;
    private SeatGroup last;
    private int groupCount;
    private final Map<String, List<SeatGroup>> activeByShareKey = new HashMap<>();
    private final Map<String, List<SeatGroup>> lingeringByOwner = new HashMap<>();

    Pool(PoolKey key, List<FeatureLicense> blocks) {
        this.key = key;
        this.blocks = List.copyOf(blocks);
        this.prototype = blocks.get(0);
        long seats = 0;
        long overdraft = 0;
        for (FeatureLicense b : blocks) {
            seats += b.seats().count();
            overdraft += b.overdraft();
        }
        this.count = (int) Math.min(seats, Integer.MAX_VALUE / 2);
        this.licensedOverdraft = (int) Math.min(overdraft, Integer.MAX_VALUE / 2);
        this.uncounted = prototype.seats().uncounted();
        this.featureKey = new FeatureKey(prototype.vendor(), prototype.name());
        this.id = idOf(prototype, key);
    }

    private static String idOf(FeatureLicense f, PoolKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.text().getBytes(StandardCharsets.UTF_8));
            return f.name() + "/" + f.version() + "/" + f.expires().map(Object::toString).orElse("permanent") + "/"
                    + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    Version version() {
        return prototype.version();
    }

    long validFrom() {
        return prototype.validFromMillis();
    }

    long validUntil() {
        return prototype.validUntilMillis();
    }

    String lowestSerial() {
        String lowest = null;
        for (FeatureLicense b : blocks) {
            String s = b.serial().orElse(null);
            if (s != null && (lowest == null || s.compareTo(lowest) < 0)) {
                lowest = s;
            }
        }
        return lowest;
    }

    int tokens() {
        return prototype.tokens();
    }

    Sharing sharing() {
        return prototype.sharing();
    }

    HostBinding binding() {
        return prototype.host();
    }

    Duration licensedLinger() {
        return prototype.linger();
    }

    boolean isValidAt(long now) {
        return validFrom() <= now && now < validUntil();
    }

    /** True when new checkouts may be served from this pool at {@code now} (its counts take part in capacity). */
    boolean isServable(long now) {
        return !orphaned && servedHere && isValidAt(now);
    }

    boolean bindsServerTo(List<HostId> serverIds) {
        HostBinding b = binding();
        return b.scope() != HostBinding.Scope.SERVER || b.matches(serverIds);
    }

    /** Seats held beyond the licensed count. */
    int overdraftInUse() {
        return uncounted ? 0 : Math.max(0, used - count);
    }

    void addGroup(SeatGroup g) {
        g.prevInPool = last;
        g.nextInPool = null;
        if (last == null) {
            first = g;
        } else {
            last.nextInPool = g;
        }
        last = g;
        groupCount++;
        used += g.seats;
        if (g.isLingering()) {
            lingeringByOwner.computeIfAbsent(g.lingerKey, k -> new ArrayList<>(1)).add(g);
        } else if (g.shareKey != null) {
            activeByShareKey.computeIfAbsent(g.shareKey, k -> new ArrayList<>(1)).add(g);
        }
    }

    void removeGroup(SeatGroup g) {
        if (g.prevInPool == null) {
            first = g.nextInPool;
        } else {
            g.prevInPool.nextInPool = g.nextInPool;
        }
        if (g.nextInPool == null) {
            last = g.prevInPool;
        } else {
            g.nextInPool.prevInPool = g.prevInPool;
        }
        g.prevInPool = null;
        g.nextInPool = null;
        groupCount--;
        used -= g.seats;
        unindex(g);
    }

    /** The seat groups, in arrival order (a copy). */
    List<SeatGroup> groups() {
        List<SeatGroup> out = new ArrayList<>(groupCount);
        for (SeatGroup g = first; g != null; g = g.nextInPool) {
            out.add(g);
        }
        return out;
    }

    boolean hasGroups() {
        return groupCount > 0;
    }

    int groupCount() {
        return groupCount;
    }

    /** Moves an active group to the lingering index. */
    void startLinger(SeatGroup g) {
        unindex(g);
        lingeringByOwner.computeIfAbsent(g.lingerKey, k -> new ArrayList<>(1)).add(g);
    }

    /** Moves a lingering group back to the active index. */
    void endLinger(SeatGroup g) {
        unindex(g);
        if (g.shareKey != null) {
            activeByShareKey.computeIfAbsent(g.shareKey, k -> new ArrayList<>(1)).add(g);
        }
    }

    private void unindex(SeatGroup g) {
        removeFrom(activeByShareKey, g.shareKey, g);
        removeFrom(lingeringByOwner, g.lingerKey, g);
    }

    private static void removeFrom(Map<String, List<SeatGroup>> index, String key, SeatGroup g) {
        if (key == null) {
            return;
        }
        List<SeatGroup> list = index.get(key);
        if (list != null && list.remove(g) && list.isEmpty()) {
            index.remove(key);
        }
    }

    /** Active shared groups with this share key, oldest first. */
    List<SeatGroup> sharedGroups(String shareKey) {
        List<SeatGroup> list = activeByShareKey.get(shareKey);
        return list == null ? List.of() : list;
    }

    /** Lingering groups last held by this user and host, oldest first. */
    List<SeatGroup> lingeringGroups(String lingerKey) {
        List<SeatGroup> list = lingeringByOwner.get(lingerKey);
        return list == null ? List.of() : list;
    }

    @Override
    public String toString() {
        return id;
    }
}
