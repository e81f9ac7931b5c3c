package io.licman.server.ledger;

/**
 * Bytes that are not a ledger snapshot or encoded command this version can read: truncated,
 * corrupted, from a newer format, or holding invalid values. Nothing was changed.
 */
public final class LedgerFormatException extends IllegalArgumentException {

    public LedgerFormatException(String message) {
        super(message);
    }

    public LedgerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
