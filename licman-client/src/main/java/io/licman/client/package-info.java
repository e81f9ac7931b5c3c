/**
 * The licman client SDK: check out a seat from a licman license server, hold it while the
 * application runs, give it back.
 *
 * <p>{@link io.licman.client.LicenseClient} is the entry point; {@link io.licman.client.Lease} is
 * a held seat; {@link io.licman.client.LeaseListener} hears what happens to leases later; every
 * failure is a {@link io.licman.client.LicenseException}. {@link io.licman.client.Discovery}
 * finds servers on the local network. Everything in {@code io.licman.client.internal} may change
 * without notice.
 */
package io.licman.client;
