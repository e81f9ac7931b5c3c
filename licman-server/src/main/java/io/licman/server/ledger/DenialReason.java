package io.licman.server.ledger;

/** Why the ledger refused a command; a closed set clients and tools can act on. */
public enum DenialReason {
    /** No license provides the feature (or the vendor). */
    NO_SUCH_FEATURE(false),
    /** The feature exists, but only in versions lower than requested. */
    VERSION_TOO_LOW(false),
    /** The license's start date has not come yet. */
    NOT_YET_VALID(true),
    /** Every license for the feature has expired. */
    EXPIRED(false),
    /** Every seat is taken, or earlier requests are queued for it; retry or queue. */
    ALL_SEATS_IN_USE(true),
    /** The site's options file does not let this requester use the feature. */
    EXCLUDED_BY_POLICY(false),
    /** A {@code MAX} rule caps this user, group or host, which already holds that many seats. */
    USER_MAX_REACHED(true),
    /** The free seats are reserved ({@code RESERVE}) for others. */
    RESERVED_FOR_OTHERS(true),
    /** The feature is bound to other server host ids, or node-locked to other client host ids. */
    HOST_BINDING_MISMATCH(false),
    /** The license or the options file does not allow borrowing this feature. */
    BORROWING_NOT_ALLOWED(false),
    /** The borrow period is longer than the license or options file allow. */
    BORROW_TOO_LONG(false),
    /** The request needs more seats than the feature could ever give at once. */
    TOO_MANY_TOKENS(false),
    /** The feature serves named users only, and this user is not assigned to it. */
    NOT_A_NAMED_USER(false),
    /** The feature has no named-user license, so users cannot be assigned to it. */
    NOT_A_NAMED_USER_FEATURE(false),
    /** Every named-user seat is already assigned. */
    ASSIGNMENT_LIMIT_REACHED(false),
    /** No such lease (it was returned, expired or removed). */
    UNKNOWN_LEASE(false),
    /** No such queue ticket (it was granted, cancelled or expired). */
    UNKNOWN_TICKET(false),
    /** The secret does not match the lease or ticket. */
    WRONG_SECRET(false),
    /** The lease's deadline passed before it was renewed; check out again. */
    LEASE_EXPIRED(false);

    private final boolean transientCondition;

    DenialReason(boolean transientCondition) {
        this.transientCondition = transientCondition;
    }

    /** True when the same request may succeed later without any change by an administrator. */
    public boolean isTransient() {
        return transientCondition;
    }
}
