package io.licman.client.internal;

import io.licman.client.LicenseVerificationException;
import io.licman.core.crypto.FeatureVerifier;
import io.licman.core.crypto.TrustStore;
import io.licman.core.crypto.VendorPublicKey;
import io.licman.core.crypto.Verification;
import io.licman.core.license.Component;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileReader;
import io.licman.core.license.ParsedLicenseFile;
import io.licman.core.license.Version;
import java.util.List;

/**
 * Checks the license blocks of a grant against the application's vendor keys, so that a server
 * that is not genuine cannot invent features: every block must parse, name the vendor and carry a
 * valid signature by one of the trusted keys (a vendor rotating keys ships both, and a pool may
 * hold blocks signed by either), and one of them must grant the feature asked for (by name, or as
 * a component of a package) at the minimum version or above.
 *
 * <p>Dates are not checked: the server checks them against its clock, and a client's clock may
 * be wrong; refusing on it would lock out honest users.
 */
final class GrantVerifier {

    private final String vendor;
    private final String keyIds;
    private final FeatureVerifier verifier;

    GrantVerifier(List<VendorPublicKey> keys) {
        this.vendor = keys.get(0).vendor();
        this.keyIds = String.join("', '", keys.stream().map(VendorPublicKey::keyId).toList());
        this.verifier = new FeatureVerifier(TrustStore.of(keys));
    }

    /** The block that grants {@code feature}; throws when the grant must be refused. */
    FeatureLicense verify(List<String> licenseTexts, String feature, String minVersion) throws LicenseVerificationException {
        if (licenseTexts.isEmpty()) {
            throw refuse(feature, "the grant carries no signed license block");
        }
        Version minimum = minVersion.isEmpty() ? null : Version.parse(minVersion);
        FeatureLicense match = null;
        StringBuilder found = new StringBuilder();
        for (String text : licenseTexts) {
            ParsedLicenseFile parsed = LicenseFileReader.parse(text, "the grant");
            if (parsed.hasProblems() || parsed.features().isEmpty()) {
                throw refuse(feature, "its license block is not valid license text ("
                        + (parsed.problems().isEmpty() ? "no feature block" : parsed.problems().get(0)) + ")");
            }
            for (FeatureLicense block : parsed.features()) {
                check(block, feature);
                found.append(found.length() == 0 ? "" : ", ").append(block.name()).append(' ').append(block.version());
                if (match == null && grants(block, feature, minimum)) {
                    match = block;
                }
            }
        }
        if (match == null) {
            throw refuse(feature, "its signed license block is for " + found + ", which does not grant " + feature
                    + (minimum == null ? "" : " " + minimum + " or newer"));
        }
        return match;
    }

    private void check(FeatureLicense block, String feature) throws LicenseVerificationException {
        if (!block.vendor().equals(vendor)) {
            throw refuse(feature, "its license block is for vendor '" + block.vendor() + "', not '" + vendor + "'");
        }
        Verification result = verifier.verifySignature(block);
        if (!result.isValid()) {
            String keyId = block.signature().map(s -> s.keyId()).orElse("no key");
            throw refuse(feature, switch (result.status()) {
                case UNSIGNED -> "its license block is not signed";
                case UNKNOWN_KEY -> "its license block is signed with key '" + keyId + "', not with the application's key '"
                        + keyIds + "'";
                default -> "its license block's signature does not verify with key '" + keyId + "' ("
                        + result.status() + ")";
            });
        }
    }

    private static boolean grants(FeatureLicense block, String feature, Version minimum) {
        if (block.name().equals(feature)) {
            return minimum == null || block.version().satisfies(minimum);
        }
        for (Component component : block.components()) {
            if (component.name().equals(feature)) {
                return minimum == null || component.versionOr(block.version()).satisfies(minimum);
            }
        }
        return false;
    }

    private LicenseVerificationException refuse(String feature, String why) {
        return new LicenseVerificationException(feature, "the server granted " + vendor + " " + feature + ", but "
                + why + "; the seat was returned. The server is not a genuine licman server for " + vendor
                + ", or its license file was altered: ask your license administrator");
    }
}
