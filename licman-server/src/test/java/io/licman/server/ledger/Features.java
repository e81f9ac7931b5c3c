package io.licman.server.ledger;

import io.licman.core.license.FeatureLicense;
import java.time.LocalDate;

/** Unsigned feature blocks for tests (the ledger receives already-verified features). */
final class Features {

    static final String VENDOR = "acme";

    private Features() {
    }

    /** A permanent floating feature of {@code seats} seats, version 1.0. */
    static FeatureLicense.Builder feature(String name, int seats) {
        return FeatureLicense.builder(VENDOR, name).version("1.0").count(seats).issued(LocalDate.of(2026, 1, 1));
    }

    /** An uncounted feature, version 1.0. */
    static FeatureLicense.Builder uncounted(String name) {
        return FeatureLicense.builder(VENDOR, name).version("1.0").uncounted().issued(LocalDate.of(2026, 1, 1));
    }
}
