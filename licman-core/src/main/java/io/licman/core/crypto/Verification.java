package io.licman.core.crypto;

import io.licman.core.license.FeatureLicense;

/**
 * The result of checking one feature block.
 *
 * @param feature the block checked
 * @param status the outcome
 * @param detail a sentence explaining a non-valid outcome and what to do; empty when valid
 */
public record Verification(FeatureLicense feature, VerificationStatus status, String detail) {

    public boolean isValid() {
        return status == VerificationStatus.VALID;
    }

    /** True when the signature itself is good, whatever the dates and host say. */
    public boolean isAuthentic() {
        return switch (status) {
            case VALID, NOT_YET_VALID, EXPIRED, WRONG_HOST -> true;
            default -> false;
        };
    }
}
