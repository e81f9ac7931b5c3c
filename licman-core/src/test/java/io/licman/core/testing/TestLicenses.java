package io.licman.core.testing;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.TrustStore;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.license.FeatureLicense;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** Keys and feature blocks for tests; keys are generated once per JVM. */
public final class TestLicenses {

    /** The test vendor's key, vendor {@code acme}, key id {@code acme-test}. */
    public static final VendorPrivateKey ACME = VendorPrivateKey.generate("acme", "acme-test");
    /** A second vendor. */
    public static final VendorPrivateKey GLOBEX = VendorPrivateKey.generate("globex", "globex-test");

    private TestLicenses() {
    }

    /** Trusts both test vendors. */
    public static TrustStore trust() {
        return TrustStore.of(List.of(ACME.publicKey(), GLOBEX.publicKey()));
    }

    /** An unsigned acme feature with every field set. */
    public static FeatureLicense.Builder fullFeature(String name) {
        return FeatureLicense.builder("acme", name)
                .version("2.0")
                .count(10)
                .start(LocalDate.of(2026, 1, 1))
                .expires(LocalDate.of(2027, 12, 31))
                .sharing(io.licman.core.license.Sharing.USER_HOST)
                .overdraft(2)
                .maxBorrow(Duration.ofHours(72))
                .linger(Duration.ofMinutes(5))
                .tokens(1)
                .customer("Example Corp")
                .serial("SN-0001")
                .issued(LocalDate.of(2026, 11, 27))
                .vendorString("tier=gold")
                .unsigned("note", "bought for the Berlin team");
    }

    /** {@link #fullFeature(String)} signed by acme. */
    public static FeatureLicense signed(String name) {
        return new FeatureSigner(ACME).sign(fullFeature(name).build());
    }
}
