package io.licman.client;

import io.licman.core.protocol.Endpoint;

/**
 * Hears what happens to leases after checkout. Every method has an empty default, so implement
 * only what matters to the application; typically {@link #leaseLost} to save work and stop.
 *
 * <p>Calls come one at a time, in order, on a single SDK thread ({@code licman-client-events}).
 * Be fast and never block: a slow listener delays later events (never the SDK's heartbeats). An
 * exception thrown by a listener is logged and ignored; it never breaks the SDK.
 *
 * <pre>{@code
 * LicenseClient client = LicenseClient.builder()
 *         .vendorKey(Path.of("acme.pub"))
 *         .listener(new LeaseListener() {
 *             public void leaseLost(Lease lease, LeaseLoss loss) {
 *                 ui.warn("License lost (" + loss.message() + "); save your work.");
 *             }
 *         })
 *         .build();
 * }</pre>
 */
public interface LeaseListener {

    /** A listener that does nothing; the default. */
    LeaseListener NONE = new LeaseListener() {
    };

    /**
     * The lease is no longer valid. With {@link LeaseLoss.Cause#CONNECTION_LOST} it may come back
     * ({@link #leaseRegained}); otherwise it is gone for good. A lease first lost to the connection
     * and then found gone by the server is reported twice, the second time with the permanent cause.
     */
    default void leaseLost(Lease lease, LeaseLoss loss) {
    }

    /** A lost lease is valid again: the SDK reconnected and the server still held it. */
    default void leaseRegained(Lease lease) {
    }

    /** The server took the lease back (an administrator removed it, or its license went away). Permanent. */
    default void leaseRevoked(Lease lease, LeaseLoss loss) {
    }

    /** The SDK is now connected to {@code server}: the first connection, or a different server than before. */
    default void serverChanged(Endpoint server) {
    }
}
