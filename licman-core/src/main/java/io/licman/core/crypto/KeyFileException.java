package io.licman.core.crypto;

/** A key file could not be read or written; the message names the file and what to do. */
public final class KeyFileException extends Exception {

    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
