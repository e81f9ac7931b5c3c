package io.licman.core.crypto;

/** The outcome of checking one feature block. Only {@link #VALID} may be served. */
public enum VerificationStatus {
    /** Signed by a trusted key of its vendor, in its validity period, on a matching host. */
    VALID("valid"),
    /** The block carries no signature. */
    UNSIGNED("unsigned"),
    /** The signature's key id is not in the trust directory. */
    UNKNOWN_KEY("unknown vendor key"),
    /** The signing key belongs to another vendor than the block names. */
    WRONG_VENDOR("key of another vendor"),
    /** The signature does not match the block: it was changed after signing, or forged. */
    BAD_SIGNATURE("bad signature"),
    /** The validity period has not begun. */
    NOT_YET_VALID("not yet valid"),
    /** The validity period is over. */
    EXPIRED("expired"),
    /** The block is bound to a server host id this machine does not have. */
    WRONG_HOST("wrong host");

    private final String text;

    VerificationStatus(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
