package io.licman.server.ledger;

import io.licman.core.license.Component;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.HostBinding;
import io.licman.core.license.Sharing;
import io.licman.server.policy.FeaturePolicy;
import io.licman.server.policy.SeatRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a checkout gets, without changing anything: the same code serves checkouts,
 * the queue and {@code diagnose}. Rules, in order (documented in {@code docs/ledger.md}):
 * <ol>
 *   <li>the feature must exist and the policy must admit the requester;</li>
 *   <li>each live pool is judged on server binding, version, dates, client binding, named
 *       users and borrowing; the survivors are the candidates, in best-fit order;</li>
 *   <li>a shared seat group of the same user/host, then the requester's own lingering seats,
 *       are reused without new seats;</li>
 *   <li>requests that could never be served (MAX, seat count, reservations) are refused;</li>
 *   <li>new seats come from the first candidate with room without overdraft, else the first
 *       with room within overdraft, respecting reservations, MAX, {@code MAX_OVERDRAFT}, and
 *       earlier queued requests that could use the same pool.</li>
 * </ol>
 */
final class CheckoutPlanner {

    /** No single seat group holds more seats than this. */
    static final long MAX_GROUP_SEATS = 1_000_000_000L;

    private final LedgerState state;

    CheckoutPlanner(LedgerState state) {
        this.state = state;
    }

    /**
     * Plans {@code r} at {@code now}.
     *
     * @param ahead queued requests of the feature that came earlier and still wait, oldest first
     * @param trace receives one line per judgement, or {@code null}
     */
    Plan plan(CheckoutRequest r, long now, Collection<QueueEntry> ahead, List<String> trace) {
        FeatureState fs = state.feature(r.vendor(), r.feature());
        if (fs == null || fs.pools.isEmpty()) {
            return new Plan.Refuse(DenialReason.NO_SUCH_FEATURE, noSuchFeature(r, fs != null));
        }
        FeaturePolicy fp = fs.policy;
        Optional<String> excluded = fp.whyExcluded(r.client());
        if (excluded.isPresent()) {
            note(trace, "policy: " + r.client().describe() + " is " + excluded.get());
            return new Plan.Refuse(DenialReason.EXCLUDED_BY_POLICY, r.client().describe() + " may not use " + fs.key + ": " + excluded.get());
        }
        List<Pool> candidates = candidates(fs, r, now, trace);
        if (candidates.isEmpty()) {
            Rejection best = null;
            for (Pool p : fs.pools) {
                Rejection rej = judge(fs, p, r, now);
                if (best == null || rej.stage > best.stage) {
                    best = rej;
                }
            }
            return new Plan.Refuse(best.reason, best.message);
        }
        Plan reuse = reuse(candidates, r, now, trace);
        if (reuse != null) {
            return reuse;
        }
        return newSeats(fs, candidates, r, now, ahead, trace);
    }

    /** The pools that could serve {@code r} at all, in best-fit order. */
    List<Pool> candidates(FeatureState fs, CheckoutRequest r, long now, List<String> trace) {
        List<Pool> out = new ArrayList<>(fs.pools.size());
        for (Pool p : fs.pools) {
            Rejection rej = judge(fs, p, r, now);
            if (rej == null) {
                out.add(p);
                note(trace, "pool " + p.id + ": suits the request");
            } else {
                note(trace, "pool " + p.id + ": " + rej.message);
            }
        }
        return out;
    }

    private record Rejection(int stage, DenialReason reason, String message) {
    }

    /** Why pool {@code p} cannot serve {@code r}, or {@code null} when it can (seats aside). */
    private Rejection judge(FeatureState fs, Pool p, CheckoutRequest r, long now) {
        if (!p.servedHere) {
            return new Rejection(0, DenialReason.HOST_BINDING_MISMATCH, "pool " + p.id + " is bound to server host ids "
                    + p.binding().hostIds() + ", and this server has " + state.serverHostIds);
        }
        if (!p.version().satisfies(r.minimumVersion())) {
            return new Rejection(1, DenialReason.VERSION_TOO_LOW, "pool " + p.id + " has version " + p.version()
                    + ", below the requested " + r.minimumVersion());
        }
        if (now < p.validFrom()) {
            return new Rejection(2, DenialReason.NOT_YET_VALID, "pool " + p.id + " is valid from "
                    + p.prototype.start().map(Object::toString).orElse("?"));
        }
        if (now >= p.validUntil()) {
            return new Rejection(2, DenialReason.EXPIRED, "pool " + p.id + " expired at the end of "
                    + p.prototype.expires().map(Object::toString).orElse("?"));
        }
        HostBinding binding = p.binding();
        if (binding.scope() == HostBinding.Scope.CLIENT && !binding.matches(r.clientHostIds())) {
            return new Rejection(3, DenialReason.HOST_BINDING_MISMATCH, "pool " + p.id + " is node-locked to host ids "
                    + binding.hostIds() + ", and the client reported " + (r.clientHostIds().isEmpty() ? "none" : r.clientHostIds()));
        }
        if (p.prototype.namedUsers() && !state.isAssigned(fs.key, r.client().user())) {
            return new Rejection(4, DenialReason.NOT_A_NAMED_USER, "pool " + p.id + " serves named users only, and '"
                    + r.client().user() + "' is not assigned to " + fs.key);
        }
        if (r.isBorrow()) {
            Duration licensed = p.prototype.maxBorrow();
            Duration limit = fs.policy.maxBorrow().filter(d -> d.compareTo(licensed) < 0).orElse(licensed);
            if (limit.isZero()) {
                return new Rejection(5, DenialReason.BORROWING_NOT_ALLOWED, licensed.isZero()
                        ? "the license of pool " + p.id + " does not allow borrowing"
                        : "the options file sets MAX_BORROW_HOURS " + fs.key.name() + " 0");
            }
            if (r.borrow().compareTo(limit) > 0) {
                return new Rejection(5, DenialReason.BORROW_TOO_LONG, "pool " + p.id + " may be borrowed for at most "
                        + hours(limit) + ", not " + hours(r.borrow()));
            }
        }
        return null;
    }

    /** True when pool {@code p} could serve {@code r}, seats aside. */
    boolean suits(FeatureState fs, Pool p, CheckoutRequest r, long now) {
        return judge(fs, p, r, now) == null;
    }

    private Plan reuse(List<Pool> candidates, CheckoutRequest r, long now, List<String> trace) {
        for (Pool p : candidates) {
            if (p.sharing() == Sharing.NONE) {
                continue;
            }
            long cost = cost(p, r);
            for (SeatGroup g : p.sharedGroups(SeatGroup.shareKey(p.sharing(), r.client()))) {
                if (g.seats >= cost) {
                    note(trace, "pool " + p.id + ": shares the seats " + g.owner.describe() + " holds (share " + p.sharing() + ")");
                    return new Plan.Join(p, g);
                }
            }
        }
        String lingerKey = SeatGroup.lingerKey(r.client());
        for (Pool p : candidates) {
            long cost = cost(p, r);
            for (SeatGroup g : p.lingeringGroups(lingerKey)) {
                if (g.seats >= cost && g.lingerUntil > now) {
                    note(trace, "pool " + p.id + ": takes back its own lingering seats");
                    return new Plan.Reclaim(p, g);
                }
            }
        }
        return null;
    }

    private Plan newSeats(FeatureState fs, List<Pool> candidates, CheckoutRequest r, long now,
                          Collection<QueueEntry> ahead, List<String> trace) {
        FeaturePolicy fp = fs.policy;
        boolean[] inReservation = reservationsOf(fp, r.client());
        boolean[] underMax = maximaOf(fp, r.client());
        long minCost = Long.MAX_VALUE;
        boolean anyUncounted = false;
        boolean fitsEver = false;
        for (Pool p : candidates) {
            long cost = cost(p, r);
            minCost = Math.min(minCost, cost);
            anyUncounted |= p.uncounted;
            fitsEver |= p.uncounted ? cost <= MAX_GROUP_SEATS : cost <= p.count + (long) fs.overdraftAllowed(p);
        }
        for (int j = 0; j < underMax.length; j++) {
            if (underMax[j] && fp.maximumSeats(j) < minCost) {
                return new Plan.Refuse(DenialReason.USER_MAX_REACHED, "'" + describe("MAX", fp.maxima().get(j))
                        + "' allows at most " + fp.maximumSeats(j) + " seats, and this request needs " + minCost);
            }
        }
        if (!fitsEver) {
            return new Plan.Refuse(DenialReason.TOO_MANY_TOKENS, "the request needs " + minCost
                    + " seats at once, more than any pool of " + fs.key + " has (seats plus overdraft)");
        }
        FeatureState.Capacity cap = fs.capacity(now);
        if (!anyUncounted) {
            long reservedForOthers = 0;
            for (int i = 0; i < inReservation.length; i++) {
                if (!inReservation[i]) {
                    reservedForOthers += fp.reservedSeats(i);
                }
            }
            if (cap.total() - reservedForOthers < minCost) {
                return new Plan.Refuse(DenialReason.RESERVED_FOR_OTHERS, reservedForOthers + " of the " + cap.total()
                        + " seats of " + fs.key + " are reserved for others by RESERVE lines, and this request needs " + minCost);
            }
        }
        boolean blockedByMax = false;
        String maxMessage = null;
        for (Pool p : candidates) {
            if (!p.uncounted) {
                continue;
            }
            long cost = cost(p, r);
            String limit = maxProblem(fs, underMax, cost);
            if (limit == null && cost <= MAX_GROUP_SEATS) {
                note(trace, "pool " + p.id + ": uncounted, grants");
                return new Plan.Take(p, (int) cost, null, 0);
            }
            blockedByMax |= limit != null;
            maxMessage = limit != null ? limit : maxMessage;
        }
        long spareForOthers = 0;
        for (int i = 0; i < inReservation.length; i++) {
            if (!inReservation[i]) {
                spareForOthers += fs.spare(i);
            }
        }
        long available = cap.total() - cap.used() - spareForOthers;
        boolean blockedByReservation = false;
        QueueEntry rival = null;
        boolean[] full = new boolean[candidates.size()];
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < candidates.size(); k++) {
                Pool p = candidates.get(k);
                if (p.uncounted || (pass == 1 && !full[k])) {
                    continue;
                }
                long cost = cost(p, r);
                long room = pass == 0 ? p.count - (long) p.used : p.count + (long) fs.overdraftAllowed(p) - p.used;
                if (cost > room) {
                    full[k] = true;
                    note(trace, "pool " + p.id + ": needs " + cost + " seats, " + Math.max(0, room) + " free"
                            + (pass == 0 ? "" : " counting overdraft"));
                    continue;
                }
                if (pass == 1) {
                    long newOverdraft = Math.max(0, p.used + cost - p.count) - p.overdraftInUse();
                    if (cap.overdraftInUse() + newOverdraft > fs.overdraftCap()) {
                        note(trace, "pool " + p.id + ": MAX_OVERDRAFT " + fs.overdraftCap() + " reached");
                        continue;
                    }
                }
                if (cost > available) {
                    if (cost <= cap.free()) {
                        blockedByReservation = true;
                    }
                    note(trace, "pool " + p.id + ": the free seats are reserved for others by RESERVE lines");
                    continue;
                }
                String limit = maxProblem(fs, underMax, cost);
                if (limit != null) {
                    blockedByMax = true;
                    maxMessage = limit;
                    note(trace, "pool " + p.id + ": " + limit);
                    continue;
                }
                int[] charges = charge(fs, inReservation, cost);
                int reserved = sum(charges);
                QueueEntry before = rivalAhead(fs, p, charges, reserved == cost, ahead, now);
                if (before != null) {
                    rival = rival == null ? before : rival;
                    note(trace, "pool " + p.id + ": an earlier queued request (" + before.request.client().describe()
                            + ") waits for these seats");
                    continue;
                }
                note(trace, "pool " + p.id + ": grants " + cost + " seats" + (pass == 1 ? " using overdraft" : "")
                        + (reserved > 0 ? ", " + reserved + " of them reserved" : ""));
                return new Plan.Take(p, (int) cost, charges, reserved);
            }
        }
        if (blockedByMax) {
            return new Plan.Wait(DenialReason.USER_MAX_REACHED, maxMessage, true);
        }
        if (blockedByReservation) {
            return new Plan.Wait(DenialReason.RESERVED_FOR_OTHERS, "the free seats of " + fs.key
                    + " are reserved for others by RESERVE lines", true);
        }
        if (rival != null) {
            return new Plan.Wait(DenialReason.ALL_SEATS_IN_USE, fs.queue.size() + " earlier request"
                    + (fs.queue.size() == 1 ? " is" : "s are") + " queued for " + fs.key, true);
        }
        return new Plan.Wait(DenialReason.ALL_SEATS_IN_USE, "all " + cap.total() + " seats of " + fs.key
                + " are in use (" + cap.used() + " held)", true);
    }

    /**
     * The earliest queued request in {@code ahead} that could use the seats this grant would
     * take from {@code p}: one the pool suits, the policy admits, that fits the pool, is not held
     * back by its own MAX, and, when the grant is wholly reserved seats, is named by one of the
     * reservations charged.
     */
    private QueueEntry rivalAhead(FeatureState fs, Pool p, int[] charges, boolean whollyReserved,
                                  Collection<QueueEntry> ahead, long now) {
        for (QueueEntry e : ahead) {
            CheckoutRequest er = e.request;
            if (!suits(fs, p, er, now) || !fs.policy.admits(er.client())) {
                continue;
            }
            long cost = cost(p, er);
            if (cost > p.count + (long) fs.overdraftAllowed(p)) {
                continue;
            }
            if (maxProblem(fs, maximaOf(fs.policy, er.client()), cost) != null) {
                continue;
            }
            if (whollyReserved && !namedByCharged(fs, charges, er.client())) {
                continue;
            }
            return e;
        }
        return null;
    }

    private static boolean namedByCharged(FeatureState fs, int[] charges, ClientIdentity client) {
        for (int i = 0; i < charges.length; i++) {
            if (charges[i] > 0 && fs.policy.reservationMatches(i, client)) {
                return true;
            }
        }
        return false;
    }

    static long cost(Pool p, CheckoutRequest r) {
        return (long) r.count() * p.tokens();
    }

    static boolean[] reservationsOf(FeaturePolicy fp, ClientIdentity client) {
        boolean[] out = new boolean[fp.reservationCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fp.reservationMatches(i, client);
        }
        return out;
    }

    static boolean[] maximaOf(FeaturePolicy fp, ClientIdentity client) {
        boolean[] out = new boolean[fp.maximumCount()];
        for (int j = 0; j < out.length; j++) {
            out[j] = fp.maximumMatches(j, client);
        }
        return out;
    }

    /** The MAX rule {@code cost} more seats would break, described, or {@code null}. */
    static String maxProblem(FeatureState fs, boolean[] underMax, long cost) {
        for (int j = 0; j < underMax.length; j++) {
            if (underMax[j] && fs.maxUsed[j] + cost > fs.policy.maximumSeats(j)) {
                return "'" + describe("MAX", fs.policy.maxima().get(j)) + "' is reached: " + fs.maxUsed[j] + " of "
                        + fs.policy.maximumSeats(j) + " seats in use, " + cost + " more requested";
            }
        }
        return null;
    }

    /** Reserved seats a grant of {@code cost} takes, reservation by reservation in file order; {@code null} without reservations. */
    static int[] charge(FeatureState fs, boolean[] inReservation, long cost) {
        if (inReservation.length == 0) {
            return null;
        }
        int[] charges = new int[inReservation.length];
        long remaining = cost;
        for (int i = 0; i < inReservation.length && remaining > 0; i++) {
            if (inReservation[i]) {
                int take = (int) Math.min(fs.spare(i), remaining);
                charges[i] = take;
                remaining -= take;
            }
        }
        return charges;
    }

    static int sum(int[] values) {
        int s = 0;
        if (values != null) {
            for (int v : values) {
                s += v;
            }
        }
        return s;
    }

    private String noSuchFeature(CheckoutRequest r, boolean hadLeases) {
        String base = "no license provides " + r.vendor() + "/" + r.feature() + (hadLeases ? " any more" : "");
        for (FeatureLicense f : state.features) {
            if (f.vendor().equals(r.vendor())) {
                for (Component c : f.components()) {
                    if (c.name().equals(r.feature())) {
                        return base + "; it is a component of package " + f.name() + ": check out " + f.name() + " instead";
                    }
                }
            }
        }
        return base;
    }

    static String describe(String keyword, SeatRule rule) {
        return keyword + " " + rule.seats() + " " + rule.feature() + " " + rule.target();
    }

    private static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? minutes / 60 + " h" : minutes + " min";
    }

    private static void note(List<String> trace, String line) {
        if (trace != null) {
            trace.add(line);
        }
    }
}
