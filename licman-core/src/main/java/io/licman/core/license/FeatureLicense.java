package io.licman.core.license;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One feature block of a license file: what a vendor grants, signed on its own.
 *
 * <p>The signed fields carry the meaning of the license; the unsigned fields (names starting
 * with {@code _}) are notes a site administrator may edit without breaking the signature.
 * Instances are immutable; build them with {@link #builder(String, String)}.
 *
 * <p>Dates are calendar days in UTC: a feature is valid from the start of its start day to the
 * end of its expiry day.
 */
public final class FeatureLicense {

    private final String vendor;
    private final String name;
    private final Version version;
    private final Seats seats;
    private final LocalDate start;
    private final LocalDate expires;
    private final HostBinding host;
    private final Sharing sharing;
    private final int overdraft;
    private final Duration maxBorrow;
    private final Duration linger;
    private final int tokens;
    private final List<Component> components;
    private final boolean namedUsers;
    private final String customer;
    private final String serial;
    private final LocalDate issued;
    private final String vendorString;
    private final Map<String, String> unsigned;
    private final FeatureSignature signature;
    private final SourceLocation source;

    private FeatureLicense(Builder b) {
        this.vendor = Names.requireVendor(b.vendor);
        this.name = Names.requireFeatureName(b.name);
        this.version = require(b.version, "version");
        this.seats = require(b.seats, "count");
        this.start = b.start;
        this.expires = b.expires;
        this.host = b.host;
        this.sharing = b.sharing;
        this.overdraft = b.overdraft;
        this.maxBorrow = b.maxBorrow;
        this.linger = b.linger;
        this.tokens = b.tokens;
        List<Component> sorted = new ArrayList<>(b.components);
        Collections.sort(sorted);
        this.components = List.copyOf(sorted);
        this.namedUsers = b.namedUsers;
        this.customer = b.customer;
        this.serial = b.serial;
        this.issued = require(b.issued, "issued");
        this.vendorString = b.vendorString;
        this.unsigned = Collections.unmodifiableMap(new TreeMap<>(b.unsigned));
        this.signature = b.signature;
        this.source = b.source;
        if (start != null && expires != null && expires.isBefore(start)) {
            throw new IllegalArgumentException("feature " + name + " expires (" + expires + ") before it starts (" + start + ")");
        }
        if (components.stream().anyMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("package " + name + " cannot list itself as a component");
        }
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("the field '" + field + "' is required");
        }
        return value;
    }

    /** Starts a feature for {@code vendor}; version, count and issue date must be set before {@link Builder#build()}. */
    public static Builder builder(String vendor, String name) {
        return new Builder().vendor(vendor).name(name);
    }

    /** A builder holding all of this feature's fields, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.vendor = vendor;
        b.name = name;
        b.version = version;
        b.seats = seats;
        b.start = start;
        b.expires = expires;
        b.host = host;
        b.sharing = sharing;
        b.overdraft = overdraft;
        b.maxBorrow = maxBorrow;
        b.linger = linger;
        b.tokens = tokens;
        b.components = new ArrayList<>(components);
        b.namedUsers = namedUsers;
        b.customer = customer;
        b.serial = serial;
        b.issued = issued;
        b.vendorString = vendorString;
        b.unsigned = new TreeMap<>(unsigned);
        b.signature = signature;
        b.source = source;
        return b;
    }

    public String vendor() {
        return vendor;
    }

    public String name() {
        return name;
    }

    public Version version() {
        return version;
    }

    public Seats seats() {
        return seats;
    }

    /** The first valid day, if the feature has one. */
    public Optional<LocalDate> start() {
        return Optional.ofNullable(start);
    }

    /** The last valid day; empty for a permanent feature. */
    public Optional<LocalDate> expires() {
        return Optional.ofNullable(expires);
    }

    public boolean isPermanent() {
        return expires == null;
    }

    public HostBinding host() {
        return host;
    }

    public Sharing sharing() {
        return sharing;
    }

    /** Seats that may be granted beyond the count, flagged as overdraft. */
    public int overdraft() {
        return overdraft;
    }

    /** The longest a seat may be borrowed for offline use; zero when borrowing is not allowed. */
    public Duration maxBorrow() {
        return maxBorrow;
    }

    /** How long a returned seat stays with its last user before others may take it. */
    public Duration linger() {
        return linger;
    }

    /** Seats (tokens) taken by one checkout. */
    public int tokens() {
        return tokens;
    }

    /** The features a package grants; empty for an ordinary feature. */
    public List<Component> components() {
        return components;
    }

    public boolean isPackage() {
        return !components.isEmpty();
    }

    /** True when only users assigned by the administrator may use the feature. */
    public boolean namedUsers() {
        return namedUsers;
    }

    public Optional<String> customer() {
        return Optional.ofNullable(customer);
    }

    public Optional<String> serial() {
        return Optional.ofNullable(serial);
    }

    public LocalDate issued() {
        return issued;
    }

    public Optional<String> vendorString() {
        return Optional.ofNullable(vendorString);
    }

    /** The administrator's unsigned fields, keyed without the leading underscore ({@code note}, {@code alias}, {@code server}). */
    public Map<String, String> unsigned() {
        return unsigned;
    }

    public Optional<FeatureSignature> signature() {
        return Optional.ofNullable(signature);
    }

    /** Where this block was read from; not part of equality. */
    public SourceLocation source() {
        return source;
    }

    /** The first instant of validity in epoch milliseconds (UTC), or {@link Long#MIN_VALUE}. */
    public long validFromMillis() {
        return start == null ? Long.MIN_VALUE : start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The first instant after validity in epoch milliseconds (UTC), or {@link Long#MAX_VALUE} when permanent. */
    public long validUntilMillis() {
        return expires == null ? Long.MAX_VALUE
                : expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** This feature as {@code vendor/name version}, for messages. */
    public String describe() {
        return vendor + "/" + name + " " + version;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FeatureLicense f)) {
            return false;
        }
        return CanonicalForm.of(this).equals(CanonicalForm.of(f))
                && unsigned.equals(f.unsigned) && Objects.equals(signature, f.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendor, name, version, serial, signature);
    }

    @Override
    public String toString() {
        return describe() + (serial == null ? "" : " serial " + serial) + " (" + source + ")";
    }

    /** Builds a {@link FeatureLicense}; every setter checks its value at once. */
    public static final class Builder {
        private String vendor;
        private String name;
        private Version version;
        private Seats seats;
        private LocalDate start;
        private LocalDate expires;
        private HostBinding host = HostBinding.ANY;
        private Sharing sharing = Sharing.NONE;
        private int overdraft;
        private Duration maxBorrow = Duration.ZERO;
        private Duration linger = Duration.ZERO;
        private int tokens = 1;
        private List<Component> components = new ArrayList<>();
        private boolean namedUsers;
        private String customer;
        private String serial;
        private LocalDate issued;
        private String vendorString;
        private Map<String, String> unsigned = new TreeMap<>();
        private FeatureSignature signature;
        private SourceLocation source = SourceLocation.NONE;

        private Builder() {
        }

        public Builder vendor(String vendor) {
            this.vendor = Names.requireVendor(vendor);
            return this;
        }

        public Builder name(String name) {
            this.name = Names.requireFeatureName(name);
            return this;
        }

        public Builder version(Version version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        public Builder version(String version) {
            return version(Version.parse(version));
        }

        public Builder seats(Seats seats) {
            this.seats = Objects.requireNonNull(seats, "seats");
            return this;
        }

        public Builder count(int count) {
            return seats(Seats.of(count));
        }

        public Builder uncounted() {
            return seats(Seats.unlimited());
        }

        public Builder start(LocalDate start) {
            this.start = start;
            return this;
        }

        /** The last valid day, or {@code null} for a permanent feature. */
        public Builder expires(LocalDate expires) {
            this.expires = expires;
            return this;
        }

        public Builder permanent() {
            return expires(null);
        }

        public Builder host(HostBinding host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder sharing(Sharing sharing) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            return this;
        }

        public Builder overdraft(int overdraft) {
            if (overdraft < 0 || overdraft > 1_000_000) {
                throw new IllegalArgumentException("overdraft must be between 0 and 1000000, not " + overdraft);
            }
            this.overdraft = overdraft;
            return this;
        }

        public Builder maxBorrow(Duration maxBorrow) {
            this.maxBorrow = requireNonNegative(maxBorrow, "borrow");
            return this;
        }

        public Builder linger(Duration linger) {
            this.linger = requireNonNegative(linger, "linger");
            return this;
        }

        public Builder tokens(int tokens) {
            if (tokens < 1 || tokens > 1_000_000) {
                throw new IllegalArgumentException("tokens per checkout must be between 1 and 1000000, not " + tokens);
            }
            this.tokens = tokens;
            return this;
        }

        public Builder components(List<Component> components) {
            this.components = new ArrayList<>(components);
            return this;
        }

        public Builder namedUsers(boolean namedUsers) {
            this.namedUsers = namedUsers;
            return this;
        }

        public Builder customer(String customer) {
            this.customer = requireText(customer, "customer");
            return this;
        }

        public Builder serial(String serial) {
            this.serial = requireText(serial, "serial");
            return this;
        }

        public Builder issued(LocalDate issued) {
            this.issued = Objects.requireNonNull(issued, "issued");
            return this;
        }

        public Builder vendorString(String vendorString) {
            this.vendorString = requireText(vendorString, "vendor-string");
            return this;
        }

        /** Sets an unsigned field; {@code key} is given without its leading underscore. */
        public Builder unsigned(String key, String value) {
            if (!key.matches("[a-z][a-z0-9-]{0,31}")) {
                throw new IllegalArgumentException("'_" + key + "' is not an unsigned field name: expected '_' then lower-case letters, digits or '-'");
            }
            unsigned.put(key, requireText(value, "_" + key));
            return this;
        }

        public Builder clearUnsigned() {
            unsigned.clear();
            return this;
        }

        public Builder signature(FeatureSignature signature) {
            this.signature = signature;
            return this;
        }

        public Builder source(SourceLocation source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        public FeatureLicense build() {
            return new FeatureLicense(this);
        }

        private static Duration requireNonNegative(Duration d, String field) {
            Objects.requireNonNull(d, field);
            if (d.isNegative()) {
                throw new IllegalArgumentException(field + " cannot be negative");
            }
            return d;
        }

        private static String requireText(String value, String field) {
            if (value == null) {
                return null;
            }
            if (value.length() > 4096) {
                throw new IllegalArgumentException("'" + field + "' is longer than 4096 characters");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isISOControl(c) && c != '\t') {
                    throw new IllegalArgumentException("'" + field + "' contains a control character (code " + (int) c + ")");
                }
            }
            return value;
        }
    }
}
