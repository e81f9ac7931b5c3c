package io.licman.client;

import java.util.Objects;

/**
 * Why a lease stopped being valid.
 *
 * @param cause the kind of loss
 * @param message what happened, for people
 */
public record LeaseLoss(Cause cause, String message) {

    /** The kinds of loss; all but {@link #CONNECTION_LOST} are permanent. */
    public enum Cause {
        /** No renewal reached the server before the lease's deadline; it may be regained on reconnect. */
        CONNECTION_LOST,
        /** The server let the lease expire. */
        EXPIRED,
        /** An administrator removed the lease. */
        ADMIN_REMOVED,
        /** Its license is gone after a reload. */
        LICENSE_REMOVED,
        /** Its license reached its expiry date. */
        LICENSE_EXPIRED,
        /** The server does not accept the lease's secret. */
        BAD_SECRET,
        /** The server does not know the lease (checked in, or expired long ago, or a server that lost its state). */
        UNKNOWN_LEASE,
        /** Another session took the lease over. */
        RESUMED_ELSEWHERE,
        /** The server gave a reason this SDK does not know. */
        UNSPECIFIED
    }

    public LeaseLoss {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(message, "message");
    }

    /** False only for {@link Cause#CONNECTION_LOST}: the lease may come back after a reconnect. */
    public boolean isPermanent() {
        return cause != Cause.CONNECTION_LOST;
    }

    @Override
    public String toString() {
        return cause + ": " + message;
    }
}
