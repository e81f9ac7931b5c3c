package io.licman.server.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token may do over HTTP: a viewer reads, an admin also acts (remove, reload, shutdown, tokens). */
public enum Role {
    /** Reads status, features, leases, the queue, denials, options, history and reports. */
    VIEWER,
    /** Everything a viewer does, and the actions; also the binary protocol's admin requests. */
    ADMIN;

    /** True when this role includes everything {@code needed} allows. */
    public boolean includes(Role needed) {
        return this == ADMIN || needed == VIEWER;
    }

    /** The lower-case name used in files, JSON and on the command line. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code viewer} or {@code admin}, ignoring case. */
    public static Optional<Role> parse(String text) {
        for (Role r : values()) {
            if (r.text().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
