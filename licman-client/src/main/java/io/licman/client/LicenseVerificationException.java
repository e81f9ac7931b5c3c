package io.licman.client;

import java.util.Objects;

/**
 * A server granted a seat, but the license block it sent does not verify with the vendor's
 * public key the application was built with, or is for another vendor or feature. The SDK has
 * returned the seat already. Either the server is not a genuine licman server for this vendor,
 * or its license file was altered: the application must not run as licensed.
 */
public final class LicenseVerificationException extends LicenseException {

    private final String feature;

    public LicenseVerificationException(String feature, String message) {
        super(message, null);
        this.feature = Objects.requireNonNull(feature, "feature");
    }

    /** The feature that was asked for. */
    public String feature() {
        return feature;
    }
}
