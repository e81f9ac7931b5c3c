package io.licman.server.policy;

import java.util.Locale;
import java.util.Optional;

/** The usage-log categories {@code NOLOG} can silence. */
public enum LogCategory {
    /** Check-ins (and expiries, removals) of seats. */
    IN,
    /** Checkouts granted. */
    OUT,
    /** Checkouts denied. */
    DENIED,
    /** Checkouts queued. */
    QUEUED;

    /** Parses {@code IN}, {@code OUT}, {@code DENIED} or {@code QUEUED}, ignoring case. */
    public static Optional<LogCategory> parse(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        for (LogCategory c : values()) {
            if (c.name().equals(upper)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
