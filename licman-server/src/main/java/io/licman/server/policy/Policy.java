package io.licman.server.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A site's usage policy, as written in a FlexLM-style options file ({@code docs/options-file.md}).
 *
 * <p>Immutable; build one with {@link #builder()} or read one with {@link OptionsFileParser}.
 * The ledger asks {@link #forFeature(String, String)} for the rules of one feature. Two policies
 * are equal when their canonical options text ({@link #toOptionsText()}) is equal.
 */
public final class Policy {

    /** The shortest lease time-to-live {@code TIMEOUT}/{@code TIMEOUTALL} accept. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);
    /** The longest lease time-to-live {@code TIMEOUT}/{@code TIMEOUTALL} accept. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);
    /** The longest {@code LINGER}. */
    public static final Duration MAX_LINGER = Duration.ofDays(7);
    /** The largest {@code MAX_BORROW_HOURS}. */
    public static final int MAX_BORROW_HOURS = 87_600;
    /** The largest seat number in {@code RESERVE}, {@code MAX} and {@code MAX_OVERDRAFT}. */
    public static final int MAX_SEATS = 1_000_000;

    /** The policy of a site with no options file: everyone may use everything. */
    public static final Policy EMPTY = builder().build();

    private final boolean usersCaseInsensitive;
    private final boolean showHolders;
    private final Map<String, List<String>> groups;
    private final Map<String, List<String>> hostGroups;
    private final List<AccessRule> includes;
    private final List<AccessRule> excludes;
    private final List<SeatRule> reservations;
    private final List<SeatRule> maxima;
    private final Duration timeoutAll;
    private final Map<FeatureRef, Duration> timeouts;
    private final Map<FeatureRef, Duration> lingers;
    private final Map<FeatureRef, Integer> maxBorrowHours;
    private final Map<FeatureRef, Integer> maxOverdrafts;
    private final Set<LogCategory> noLog;
    private final Map<Target, Predicate<Requester>> matchers = new HashMap<>();
    private final String text;

    private Policy(Builder b) {
        this.usersCaseInsensitive = b.usersCaseInsensitive != null && b.usersCaseInsensitive;
        this.showHolders = b.showHolders == null || b.showHolders;
        this.groups = frozen(b.groups);
        this.hostGroups = frozen(b.hostGroups);
        this.includes = List.copyOf(b.includes);
        this.excludes = List.copyOf(b.excludes);
        this.reservations = List.copyOf(b.reservations);
        this.maxima = List.copyOf(b.maxima);
        this.timeoutAll = b.timeoutAll;
        this.timeouts = Collections.unmodifiableMap(new TreeMap<>(b.timeouts));
        this.lingers = Collections.unmodifiableMap(new TreeMap<>(b.lingers));
        this.maxBorrowHours = Collections.unmodifiableMap(new TreeMap<>(b.maxBorrowHours));
        this.maxOverdrafts = Collections.unmodifiableMap(new TreeMap<>(b.maxOverdrafts));
        this.noLog = Collections.unmodifiableSet(b.noLog.isEmpty() ? EnumSet.noneOf(LogCategory.class) : EnumSet.copyOf(b.noLog));
        for (AccessRule r : includes) {
            compile(r.target());
        }
        for (AccessRule r : excludes) {
            compile(r.target());
        }
        for (SeatRule r : reservations) {
            compile(r.target());
        }
        for (SeatRule r : maxima) {
            compile(r.target());
        }
        this.text = OptionsFileWriter.write(this);
    }

    private static Map<String, List<String>> frozen(Map<String, LinkedHashSet<String>> source) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        source.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** Starts an empty policy. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rules that apply to feature {@code name} of {@code vendor}. */
    public FeaturePolicy forFeature(String vendor, String name) {
        return new FeaturePolicy(this, vendor, name);
    }

    /** True when {@code requester} is among those {@code target} names. */
    public boolean matches(Target target, Requester requester) {
        return matcher(target).test(requester);
    }

    Predicate<Requester> matcher(Target target) {
        Predicate<Requester> m = matchers.get(target);
        if (m == null) {
            throw new IllegalArgumentException(target + " is not used by this policy");
        }
        return m;
    }

    private void compile(Target t) {
        if (matchers.containsKey(t)) {
            return;
        }
        String name = t.name();
        Predicate<Requester> m = switch (t.type()) {
            case USER -> {
                String user = userKey(name);
                yield r -> user.equals(userKey(r.user()));
            }
            case HOST -> r -> name.equalsIgnoreCase(r.host());
            case DISPLAY -> r -> name.equals(r.display());
            case PROJECT -> r -> name.equals(r.project());
            case GROUP -> {
                Set<String> members = new HashSet<>();
                for (String member : requireGroup(groups, name, "GROUP")) {
                    members.add(userKey(member));
                }
                yield r -> members.contains(userKey(r.user()));
            }
            case HOST_GROUP -> {
                Set<String> hosts = new HashSet<>();
                for (String host : requireGroup(hostGroups, name, "HOST_GROUP")) {
                    hosts.add(host.toLowerCase(Locale.ROOT));
                }
                yield r -> hosts.contains(r.host().toLowerCase(Locale.ROOT));
            }
            case INTERNET -> {
                IpPattern pattern = IpPattern.parse(name);
                yield r -> pattern.matches(r.ip());
            }
        };
        matchers.put(t, m);
    }

    private static List<String> requireGroup(Map<String, List<String>> groups, String name, String keyword) {
        List<String> members = groups.get(name);
        if (members == null) {
            throw new IllegalArgumentException(keyword + " '" + name + "' is used but not defined: add a line '"
                    + keyword + " " + name + " ...' listing its members");
        }
        return members;
    }

    private String userKey(String user) {
        return usersCaseInsensitive ? user.toLowerCase(Locale.ROOT) : user;
    }

    /** True when user names are compared without regard to case ({@code GROUPCASEINSENSITIVE ON}). */
    public boolean usersCaseInsensitive() {
        return usersCaseInsensitive;
    }

    /** True when a denial may list who holds the seats ({@code SHOW_HOLDERS}, on by default). */
    public boolean showHolders() {
        return showHolders;
    }

    /** {@code GROUP} definitions: name to user names, in file order. */
    public Map<String, List<String>> groups() {
        return groups;
    }

    /** {@code HOST_GROUP} definitions: name to host names, in file order. */
    public Map<String, List<String>> hostGroups() {
        return hostGroups;
    }

    /** {@code INCLUDE} and {@code INCLUDEALL} rules, in file order. */
    public List<AccessRule> includes() {
        return includes;
    }

    /** {@code EXCLUDE} and {@code EXCLUDEALL} rules, in file order. */
    public List<AccessRule> excludes() {
        return excludes;
    }

    /** {@code RESERVE} rules, in file order. */
    public List<SeatRule> reservations() {
        return reservations;
    }

    /** {@code MAX} rules, in file order. */
    public List<SeatRule> maxima() {
        return maxima;
    }

    /** {@code TIMEOUTALL}, if set. */
    public Optional<Duration> timeoutAll() {
        return Optional.ofNullable(timeoutAll);
    }

    /** {@code TIMEOUT} per feature. */
    public Map<FeatureRef, Duration> timeouts() {
        return timeouts;
    }

    /** {@code LINGER} per feature. */
    public Map<FeatureRef, Duration> lingers() {
        return lingers;
    }

    /** {@code MAX_BORROW_HOURS} per feature. */
    public Map<FeatureRef, Integer> maxBorrowHours() {
        return maxBorrowHours;
    }

    /** {@code MAX_OVERDRAFT} per feature. */
    public Map<FeatureRef, Integer> maxOverdrafts() {
        return maxOverdrafts;
    }

    /** The categories silenced by {@code NOLOG}. */
    public Set<LogCategory> noLog() {
        return noLog;
    }

    /** True unless {@code NOLOG category} is set. */
    public boolean logs(LogCategory category) {
        return !noLog.contains(category);
    }

    /** This policy as a canonical options file, which parses back to an equal policy. */
    public String toOptionsText() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        long lines = text.lines().filter(l -> !l.startsWith("#")).count();
        return "Policy(" + lines + " rules)";
    }

    /**
     * Builds a {@link Policy}. Every method checks its arguments at once; setting a single-valued
     * option twice is refused, so a mistake in a file is reported instead of silently overridden.
     */
    public static final class Builder {
        private Boolean usersCaseInsensitive;
        private Boolean showHolders;
        private final Map<String, LinkedHashSet<String>> groups = new LinkedHashMap<>();
        private final Map<String, LinkedHashSet<String>> hostGroups = new LinkedHashMap<>();
        private final List<AccessRule> includes = new ArrayList<>();
        private final List<AccessRule> excludes = new ArrayList<>();
        private final List<SeatRule> reservations = new ArrayList<>();
        private final List<SeatRule> maxima = new ArrayList<>();
        private Duration timeoutAll;
        private final Map<FeatureRef, Duration> timeouts = new TreeMap<>();
        private final Map<FeatureRef, Duration> lingers = new TreeMap<>();
        private final Map<FeatureRef, Integer> maxBorrowHours = new TreeMap<>();
        private final Map<FeatureRef, Integer> maxOverdrafts = new TreeMap<>();
        private final Set<LogCategory> noLog = EnumSet.noneOf(LogCategory.class);

        private Builder() {
        }

        /** {@code GROUPCASEINSENSITIVE ON|OFF}. */
        public Builder usersCaseInsensitive(boolean value) {
            this.usersCaseInsensitive = once(this.usersCaseInsensitive, value, "GROUPCASEINSENSITIVE");
            return this;
        }

        /** {@code SHOW_HOLDERS ON|OFF}. */
        public Builder showHolders(boolean value) {
            this.showHolders = once(this.showHolders, value, "SHOW_HOLDERS");
            return this;
        }

        /** {@code GROUP name members...}; repeated lines for one group add members. */
        public Builder group(String name, List<String> members) {
            addMembers(groups, name, members, "user name");
            return this;
        }

        /** {@code HOST_GROUP name hosts...}; repeated lines for one group add hosts. */
        public Builder hostGroup(String name, List<String> hosts) {
            addMembers(hostGroups, name, hosts, "host name");
            return this;
        }

        private static void addMembers(Map<String, LinkedHashSet<String>> into, String name, List<String> members, String what) {
            OptionsText.requireName(name, "group name");
            if (members.isEmpty()) {
                throw new IllegalArgumentException("group '" + name + "' needs at least one " + what);
            }
            for (String m : members) {
                OptionsText.requireName(m, what);
            }
            into.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(members);
        }

        /** {@code INCLUDE feature TYPE name}. */
        public Builder include(FeatureRef feature, Target target) {
            includes.add(new AccessRule(Objects.requireNonNull(feature, "feature"), target));
            return this;
        }

        /** {@code INCLUDEALL TYPE name}. */
        public Builder includeAll(Target target) {
            includes.add(new AccessRule(null, target));
            return this;
        }

        /** {@code EXCLUDE feature TYPE name}. */
        public Builder exclude(FeatureRef feature, Target target) {
            excludes.add(new AccessRule(Objects.requireNonNull(feature, "feature"), target));
            return this;
        }

        /** {@code EXCLUDEALL TYPE name}. */
        public Builder excludeAll(Target target) {
            excludes.add(new AccessRule(null, target));
            return this;
        }

        /** {@code RESERVE seats feature TYPE name}. */
        public Builder reserve(int seats, FeatureRef feature, Target target) {
            requireSeats(seats, 1, "RESERVE");
            reservations.add(new SeatRule(seats, feature, target));
            return this;
        }

        /** {@code MAX seats feature TYPE name}. */
        public Builder max(int seats, FeatureRef feature, Target target) {
            requireSeats(seats, 0, "MAX");
            maxima.add(new SeatRule(seats, feature, target));
            return this;
        }

        /** {@code TIMEOUTALL seconds}: the lease time-to-live of every feature without its own {@code TIMEOUT}. */
        public Builder timeoutAll(Duration ttl) {
            this.timeoutAll = once(this.timeoutAll, requireTimeout(ttl), "TIMEOUTALL");
            return this;
        }

        /** {@code TIMEOUT feature seconds}: the lease time-to-live of one feature. */
        public Builder timeout(FeatureRef feature, Duration ttl) {
            putOnce(timeouts, feature, requireTimeout(ttl), "TIMEOUT");
            return this;
        }

        /** {@code LINGER feature seconds}. */
        public Builder linger(FeatureRef feature, Duration linger) {
            requireWholeSeconds(linger, "LINGER");
            if (linger.compareTo(MAX_LINGER) > 0) {
                throw new IllegalArgumentException("LINGER may be at most " + MAX_LINGER.toSeconds() + " seconds (7 days)");
            }
            putOnce(lingers, feature, linger, "LINGER");
            return this;
        }

        /** {@code MAX_BORROW_HOURS feature hours}. */
        public Builder maxBorrowHours(FeatureRef feature, int hours) {
            if (hours < 0 || hours > MAX_BORROW_HOURS) {
                throw new IllegalArgumentException("MAX_BORROW_HOURS must be between 0 and " + MAX_BORROW_HOURS + ", not " + hours);
            }
            putOnce(maxBorrowHours, feature, hours, "MAX_BORROW_HOURS");
            return this;
        }

        /** {@code MAX_OVERDRAFT feature seats}. */
        public Builder maxOverdraft(FeatureRef feature, int seats) {
            requireSeats(seats, 0, "MAX_OVERDRAFT");
            putOnce(maxOverdrafts, feature, seats, "MAX_OVERDRAFT");
            return this;
        }

        /** {@code NOLOG category}. */
        public Builder noLog(LogCategory category) {
            noLog.add(Objects.requireNonNull(category, "category"));
            return this;
        }

        /**
         * Builds the policy.
         *
         * @throws IllegalArgumentException when a rule names a {@code GROUP} or {@code HOST_GROUP}
         *     that is not defined
         */
        public Policy build() {
            return new Policy(this);
        }

        private static <T> T once(T old, T value, String keyword) {
            if (old != null) {
                throw new IllegalArgumentException(keyword + " is already set; give it once");
            }
            return Objects.requireNonNull(value, keyword);
        }

        private static <V> void putOnce(Map<FeatureRef, V> map, FeatureRef feature, V value, String keyword) {
            Objects.requireNonNull(feature, "feature");
            if (map.containsKey(feature)) {
                throw new IllegalArgumentException(keyword + " for " + feature + " is already set; give it once");
            }
            map.put(feature, value);
        }

        private static void requireSeats(int seats, int min, String keyword) {
            if (seats < min || seats > MAX_SEATS) {
                throw new IllegalArgumentException(keyword + " needs a number of seats between " + min + " and " + MAX_SEATS + ", not " + seats);
            }
        }

        private static Duration requireTimeout(Duration ttl) {
            requireWholeSeconds(ttl, "TIMEOUT");
            if (ttl.compareTo(MIN_TIMEOUT) < 0 || ttl.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("a lease timeout must be between " + MIN_TIMEOUT.toSeconds() + " and "
                        + MAX_TIMEOUT.toSeconds() + " seconds, not " + ttl.toSeconds());
            }
            return ttl;
        }

        private static void requireWholeSeconds(Duration d, String keyword) {
            Objects.requireNonNull(d, keyword);
            if (d.isNegative() || d.getNano() != 0) {
                throw new IllegalArgumentException(keyword + " needs a whole, non-negative number of seconds");
            }
        }
    }
}
