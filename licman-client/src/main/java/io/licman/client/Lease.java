package io.licman.client;

import io.licman.core.license.FeatureLicense;
import java.time.Instant;
import java.util.Optional;

/**
 * A seat checked out from a license server, held until {@link #close()}. The SDK renews it in
 * the background and, when the connection drops, reconnects and takes the same lease over again:
 * a reconnect never takes a second seat.
 *
 * <p>Thread-safe. {@link #close()} returns the seat and is idempotent.
 */
public interface Lease extends AutoCloseable {

    /** The server's id for this lease. */
    long id();

    /** The feature asked for. */
    String feature();

    /** The version of the feature granted. */
    String version();

    /** Seats (tokens) this lease takes. */
    int count();

    /**
     * When the lease runs out unless renewed, on this machine's clock; the SDK moves it forward
     * with every renewal.
     */
    Instant expiresAt();

    /**
     * True while the application may run as licensed: renewed in time (or borrowed and within
     * its borrow period), not revoked, not lost, not closed.
     */
    boolean isValid();

    /** For a borrowed lease, the end of the borrow period; empty for an ordinary lease. */
    Optional<Instant> borrowedUntil();

    /**
     * The vendor-signed license block that granted the seat, already verified with the vendor's
     * key: read {@link FeatureLicense#vendorString()}, {@link FeatureLicense#expires()} and the
     * like from it.
     */
    FeatureLicense licenseBlock();

    /** Why the lease is not valid, when it was lost or revoked. */
    Optional<LeaseLoss> loss();

    /** Returns the seat to the server (waits briefly for its answer). Calling it again does nothing. */
    @Override
    void close();
}
