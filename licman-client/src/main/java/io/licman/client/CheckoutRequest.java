package io.licman.client;

import io.licman.core.license.Names;
import io.licman.core.license.Version;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to check out: a feature, its minimum version, how many seats, and whether to wait in the
 * queue or borrow. Immutable; every value is checked when it is set.
 *
 * <pre>{@code
 * CheckoutRequest request = CheckoutRequest.builder("cad-pro")
 *         .minVersion("2.0")
 *         .count(2)
 *         .waitInQueue(Duration.ofMinutes(5))
 *         .build();
 * try (Lease lease = client.checkout(request)) { ... }
 * }</pre>
 */
public final class CheckoutRequest {

    /** The longest queue wait: the protocol carries it in milliseconds as an unsigned 32-bit number; 24 days fit. */
    static final Duration MAX_QUEUE_WAIT = Duration.ofDays(24);
    /** The longest borrow period: the protocol carries seconds; a year is more than any license allows. */
    static final Duration MAX_BORROW = Duration.ofDays(366);
    /** The most seats of one checkout. */
    static final int MAX_COUNT = 65_535;

    private final String feature;
    private final String minVersion;
    private final int count;
    private final Duration queueWait;
    private final Duration borrow;

    private CheckoutRequest(Builder b) {
        this.feature = b.feature;
        this.minVersion = b.minVersion;
        this.count = b.count;
        this.queueWait = b.queueWait;
        this.borrow = b.borrow;
    }

    /** One seat of {@code feature}, at least {@code minVersion} (empty: any version), without queueing. */
    public static CheckoutRequest of(String feature, String minVersion) {
        return builder(feature).minVersion(minVersion).build();
    }

    /** Starts a request for {@code feature}. */
    public static Builder builder(String feature) {
        return new Builder(feature);
    }

    public Builder toBuilder() {
        Builder b = new Builder(feature);
        b.minVersion = minVersion;
        b.count = count;
        b.queueWait = queueWait;
        b.borrow = borrow;
        return b;
    }

    public String feature() {
        return feature;
    }

    /** The lowest acceptable version; empty means any. */
    public String minVersion() {
        return minVersion;
    }

    public int count() {
        return count;
    }

    /** How long to wait in the server's queue when every seat is taken; empty: do not queue. */
    public Optional<Duration> queueWait() {
        return Optional.ofNullable(queueWait);
    }

    /** How long to borrow the seat for offline use; empty: an ordinary lease. */
    public Optional<Duration> borrow() {
        return Optional.ofNullable(borrow);
    }

    @Override
    public String toString() {
        return feature + (minVersion.isEmpty() ? "" : " >= " + minVersion) + (count == 1 ? "" : " x" + count)
                + (queueWait == null ? "" : ", queue up to " + queueWait) + (borrow == null ? "" : ", borrow " + borrow);
    }

    /** Builds a {@link CheckoutRequest}. */
    public static final class Builder {
        private final String feature;
        private String minVersion = "";
        private int count = 1;
        private Duration queueWait;
        private Duration borrow;

        private Builder(String feature) {
            this.feature = Names.requireFeatureName(feature);
        }

        /** The lowest acceptable version, such as {@code 2.0}; empty (the default) accepts any. */
        public Builder minVersion(String minVersion) {
            Objects.requireNonNull(minVersion, "minVersion");
            if (!minVersion.isEmpty()) {
                Version.parse(minVersion);
            }
            this.minVersion = minVersion;
            return this;
        }

        /** Seats (tokens) to take, 1 (the default) to 65535. */
        public Builder count(int count) {
            if (count < 1 || count > MAX_COUNT) {
                throw new IllegalArgumentException("a checkout takes 1 to " + MAX_COUNT + " seats, not " + count);
            }
            this.count = count;
            return this;
        }

        /**
         * When every seat is taken, wait in the server's queue up to {@code timeout} instead of
         * being denied; the checkout blocks until a seat is granted or the time is up
         * ({@link DenialReason#QUEUE_TIMEOUT}). Positive, at most 24 days.
         */
        public Builder waitInQueue(Duration timeout) {
            this.queueWait = checked("waitInQueue", timeout, Duration.ofMillis(1), MAX_QUEUE_WAIT);
            return this;
        }

        /**
         * Borrow the seat for {@code period}: it stays valid without contact with the server
         * until then. At least one second, at most 366 days; the license must allow borrowing.
         */
        public Builder borrow(Duration period) {
            this.borrow = checked("borrow", period, Duration.ofSeconds(1), MAX_BORROW);
            return this;
        }

        public CheckoutRequest build() {
            return new CheckoutRequest(this);
        }

        private static Duration checked(String what, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, what);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        }
    }
}
