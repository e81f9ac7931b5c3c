package io.licman.client;

import java.time.Instant;

/**
 * Someone holding seats of a feature, as a denial reports it (when the site's policy shows it).
 *
 * @param user login name
 * @param host host name
 * @param display terminal or X display; may be empty
 * @param since when the seats were taken, on the server's clock
 * @param count seats held
 */
public record SeatHolder(String user, String host, String display, Instant since, int count) {

    /** {@code user@host since 2027-01-01T09:00:00Z}, with the count when more than one. */
    @Override
    public String toString() {
        return user + "@" + host + (count > 1 ? " (" + count + " seats)" : "") + " since " + since;
    }
}
