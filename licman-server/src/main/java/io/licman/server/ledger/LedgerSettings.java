package io.licman.server.ledger;

import java.time.Duration;
import java.util.Objects;

/**
 * Fixed settings of a ledger, chosen at creation and kept in its snapshots.
 *
 * @param seed the 32-byte secret from which lease ids and secrets are derived; generate it
 *     once with a {@code SecureRandom} and keep it secret (it is in every snapshot)
 * @param defaultLeaseTtl the lease time-to-live when the policy sets no {@code TIMEOUT}
 * @param maxHoldersShown the most seat holders a denial lists
 */
public record LedgerSettings(byte[] seed, Duration defaultLeaseTtl, int maxHoldersShown) {

    /** The seed length in bytes. */
    public static final int SEED_BYTES = 32;
    /** The default lease time-to-live: two minutes, heartbeats every 40 seconds. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(120);

    public LedgerSettings {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("the ledger seed must be " + SEED_BYTES + " bytes, not " + seed.length);
        }
        seed = seed.clone();
        Objects.requireNonNull(defaultLeaseTtl, "defaultLeaseTtl");
        if (defaultLeaseTtl.toMillis() < 3 || defaultLeaseTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the default lease time-to-live must be between 3 ms and 1 day");
        }
        if (maxHoldersShown < 0 || maxHoldersShown > 10_000) {
            throw new IllegalArgumentException("maxHoldersShown must be between 0 and 10000");
        }
    }

    /** Settings with the default time-to-live (120 s) and 20 holders shown. */
    public static LedgerSettings withSeed(byte[] seed) {
        return new LedgerSettings(seed, DEFAULT_LEASE_TTL, 20);
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerSettings s && java.util.Arrays.equals(s.seed, seed)
                && s.defaultLeaseTtl.equals(defaultLeaseTtl) && s.maxHoldersShown == maxHoldersShown;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(seed) * 31 + defaultLeaseTtl.hashCode();
    }

    /** Never the seed. */
    @Override
    public String toString() {
        return "LedgerSettings(ttl=" + defaultLeaseTtl + ", maxHoldersShown=" + maxHoldersShown + ")";
    }
}
