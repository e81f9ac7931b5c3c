package io.licman.server.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * The rules of a {@link Policy} that apply to one feature, resolved once so that checkouts test
 * only what concerns them.
 *
 * <p>Access: a requester matching any {@code EXCLUDE}/{@code EXCLUDEALL} is refused (exclusion
 * wins); otherwise, when any {@code INCLUDE} for the feature or {@code INCLUDEALL} exists, the
 * requester must match one of them. Single-valued options given both for {@code vendor/feature}
 * and for {@code feature} take the vendor-specific value.
 */
public final class FeaturePolicy {

    private final List<AccessRule> includes = new ArrayList<>();
    private final List<Predicate<Requester>> includeMatchers = new ArrayList<>();
    private final List<AccessRule> excludes = new ArrayList<>();
    private final List<Predicate<Requester>> excludeMatchers = new ArrayList<>();
    private final List<SeatRule> reservations = new ArrayList<>();
    private final List<Predicate<Requester>> reservationMatchers = new ArrayList<>();
    private final List<SeatRule> maxima = new ArrayList<>();
    private final List<Predicate<Requester>> maximumMatchers = new ArrayList<>();
    private final Duration timeout;
    private final Duration linger;
    private final Integer maxBorrowHours;
    private final Integer maxOverdraft;
    private final boolean showHolders;

    FeaturePolicy(Policy policy, String vendor, String name) {
        for (AccessRule r : policy.includes()) {
            if (r.governs(vendor, name)) {
                includes.add(r);
                includeMatchers.add(policy.matcher(r.target()));
            }
        }
        for (AccessRule r : policy.excludes()) {
            if (r.governs(vendor, name)) {
                excludes.add(r);
                excludeMatchers.add(policy.matcher(r.target()));
            }
        }
        for (SeatRule r : policy.reservations()) {
            if (r.feature().matches(vendor, name)) {
                reservations.add(r);
                reservationMatchers.add(policy.matcher(r.target()));
            }
        }
        for (SeatRule r : policy.maxima()) {
            if (r.feature().matches(vendor, name)) {
                maxima.add(r);
                maximumMatchers.add(policy.matcher(r.target()));
            }
        }
        Duration specificTimeout = lookup(policy.timeouts(), vendor, name);
        this.timeout = specificTimeout != null ? specificTimeout : policy.timeoutAll().orElse(null);
        this.linger = lookup(policy.lingers(), vendor, name);
        this.maxBorrowHours = lookup(policy.maxBorrowHours(), vendor, name);
        this.maxOverdraft = lookup(policy.maxOverdrafts(), vendor, name);
        this.showHolders = policy.showHolders();
    }

    private static <V> V lookup(Map<FeatureRef, V> map, String vendor, String name) {
        V specific = map.get(new FeatureRef(vendor, name));
        return specific != null ? specific : map.get(FeatureRef.any(name));
    }

    /** True when {@code requester} may use the feature at all. */
    public boolean admits(Requester requester) {
        return whyExcluded(requester).isEmpty();
    }

    /** Why {@code requester} may not use the feature, naming the rule; empty when admitted. */
    public Optional<String> whyExcluded(Requester requester) {
        for (int i = 0; i < excludes.size(); i++) {
            if (excludeMatchers.get(i).test(requester)) {
                AccessRule r = excludes.get(i);
                return Optional.of("excluded by the options line '" + describe("EXCLUDE", r) + "'");
            }
        }
        if (includes.isEmpty()) {
            return Optional.empty();
        }
        for (Predicate<Requester> m : includeMatchers) {
            if (m.test(requester)) {
                return Optional.empty();
            }
        }
        return Optional.of("not named by any INCLUDE/INCLUDEALL line for this feature (such as '"
                + describe("INCLUDE", includes.get(0)) + "'); only those included may use it");
    }

    private static String describe(String keyword, AccessRule r) {
        return r.isAll() ? keyword + "ALL " + r.target() : keyword + " " + r.feature() + " " + r.target();
    }

    /** The {@code RESERVE} rules for this feature, in file order. */
    public List<SeatRule> reservations() {
        return List.copyOf(reservations);
    }

    /** The number of {@code RESERVE} rules. */
    public int reservationCount() {
        return reservations.size();
    }

    /** Seats reserved by rule {@code index}. */
    public int reservedSeats(int index) {
        return reservations.get(index).seats();
    }

    /** True when {@code requester} may use the seats of reservation {@code index}. */
    public boolean reservationMatches(int index, Requester requester) {
        return reservationMatchers.get(index).test(requester);
    }

    /** The {@code MAX} rules for this feature, in file order. */
    public List<SeatRule> maxima() {
        return List.copyOf(maxima);
    }

    /** The number of {@code MAX} rules. */
    public int maximumCount() {
        return maxima.size();
    }

    /** Seats allowed by rule {@code index}. */
    public int maximumSeats(int index) {
        return maxima.get(index).seats();
    }

    /** True when {@code requester} is counted by maximum {@code index}. */
    public boolean maximumMatches(int index, Requester requester) {
        return maximumMatchers.get(index).test(requester);
    }

    /** The lease time-to-live from {@code TIMEOUT} or {@code TIMEOUTALL}, if set. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@code LINGER} for this feature, zero when not set. */
    public Duration linger() {
        return linger == null ? Duration.ZERO : linger;
    }

    /** {@code MAX_BORROW_HOURS} for this feature as a duration, if set. */
    public Optional<Duration> maxBorrow() {
        return maxBorrowHours == null ? Optional.empty() : Optional.of(Duration.ofHours(maxBorrowHours));
    }

    /** {@code MAX_OVERDRAFT} for this feature, if set. */
    public OptionalInt maxOverdraft() {
        return maxOverdraft == null ? OptionalInt.empty() : OptionalInt.of(maxOverdraft);
    }

    /** Whether denials may list the seat holders. */
    public boolean showHolders() {
        return showHolders;
    }
}
