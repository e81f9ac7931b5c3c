package io.licman.core.crypto;

import io.licman.core.license.CanonicalForm;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.FeatureSignature;

/** Signs feature blocks with a vendor's private key. */
public final class FeatureSigner {

    private final VendorPrivateKey key;

    public FeatureSigner(VendorPrivateKey key) {
        this.key = key;
    }

    /**
     * Returns {@code feature} with this key's signature over its canonical form.
     *
     * @throws IllegalArgumentException if the feature names another vendor than the key
     */
    public FeatureLicense sign(FeatureLicense feature) {
        if (!feature.vendor().equals(key.vendor())) {
            throw new IllegalArgumentException("feature " + feature.name() + " is for vendor '" + feature.vendor()
                    + "' but the key " + key.keyId() + " belongs to vendor '" + key.vendor() + "'");
        }
        byte[] signature = key.sign(CanonicalForm.bytes(feature, key.keyId()));
        return feature.toBuilder().signature(new FeatureSignature(key.keyId(), signature)).build();
    }
}
