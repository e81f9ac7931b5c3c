package io.licman.server.licenses;

import io.licman.core.crypto.Verification;
import io.licman.core.license.FeatureLicense;
import java.util.List;

/**
 * What the license files held at one load: the blocks that may be served, every block's
 * verification outcome, and the problems found.
 *
 * @param authentic blocks with a valid signature from a trusted key of their vendor, whatever their
 *     dates and host binding (the ledger decides those at each checkout, with the time of the checkout)
 * @param verifications the outcome for every readable block, in file order
 * @param problems unreadable files, syntax errors, and trust directory warnings, one line each
 */
public record LicenseSet(List<FeatureLicense> authentic, List<Verification> verifications, List<String> problems) {

    public LicenseSet {
        authentic = List.copyOf(authentic);
        verifications = List.copyOf(verifications);
        problems = List.copyOf(problems);
    }

    /**
     * True when a reload must be refused: a file could not be read or parsed, or a block is not
     * authentic (unsigned, forged, unknown key). Expired or not-yet-valid blocks do not count:
     * they are genuine, only not servable today.
     */
    public boolean hasErrors() {
        return !problems.isEmpty() || verifications.stream().anyMatch(v -> !v.isAuthentic());
    }

    /** Every problem and every non-authentic block, one line each, for logs and reload replies. */
    public List<String> errorLines() {
        List<String> lines = new java.util.ArrayList<>(problems);
        for (Verification v : verifications) {
            if (!v.isAuthentic()) {
                lines.add(v.feature().source() + ": feature " + v.feature().name() + ": " + v.status() + ": " + v.detail());
            }
        }
        return lines;
    }
}
