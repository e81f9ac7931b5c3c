package io.licman.client;

/** Why a server refused a checkout; mirrors the protocol's {@code DenialReason}. */
public enum DenialReason {
    /** The server gave no reason this SDK knows (a newer server). */
    UNKNOWN(false),
    /** No license for this vendor and feature. */
    NO_SUCH_FEATURE(false),
    /** Licenses exist, but all below the minimum version asked for. */
    VERSION_TOO_LOW(false),
    /** The license's start date is in the future. */
    NOT_YET_VALID(false),
    /** The license has expired. */
    EXPIRED(false),
    /** Every seat is taken: try later, or wait in the queue. */
    ALL_SEATS_IN_USE(true),
    /** The site's options file excludes this user, host or group. */
    EXCLUDED_BY_POLICY(false),
    /** A MAX rule of the site limits this user, host, group or project. */
    USER_MAX_REACHED(true),
    /** The free seats are reserved for others. */
    RESERVED_FOR_OTHERS(true),
    /** The license is node-locked to another host. */
    HOST_BINDING_MISMATCH(false),
    /** The license does not allow borrowing. */
    BORROWING_NOT_ALLOWED(false),
    /** The borrow period asked for is longer than the license allows. */
    BORROW_TOO_LONG(false),
    /** More tokens than the whole pool holds: never grantable. */
    TOO_MANY_TOKENS(false),
    /** The license is for named users, and this user is not one. */
    NOT_A_NAMED_USER(false),
    /** The checkout waited in the queue as long as it was allowed to. */
    QUEUE_TIMEOUT(true),
    /** The server's queue is full. */
    QUEUE_FULL(true),
    /** The feature disappeared while the checkout was queued (a license reload). */
    LICENSE_REMOVED(false);

    private final boolean temporary;

    DenialReason(boolean temporary) {
        this.temporary = temporary;
    }

    /** True when the same checkout may succeed later without anyone changing the license or options. */
    public boolean isTemporary() {
        return temporary;
    }
}
