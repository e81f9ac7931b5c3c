package io.licman.server.ledger;

import io.licman.core.license.FeatureLicense;
import io.licman.core.license.Version;
import java.util.List;

/**
 * What a client receives for a granted checkout.
 *
 * @param lease the lease's id
 * @param secret the lease's secret, to send to the client only (never log it)
 * @param vendor the vendor
 * @param feature the feature
 * @param version the version of the pool that granted it
 * @param poolId the pool that granted it
 * @param count licenses granted
 * @param seats seats the lease's seat group holds
 * @param deadline when the lease ends unless renewed (the borrow end for a borrowed lease)
 * @param heartbeatMillis how often the client should renew; 0 for a borrowed lease
 * @param borrowedUntil the borrow end, or 0 when not borrowed
 * @param shared true when the lease joined seats another lease of the same user/host holds
 * @param reclaimedLinger true when the lease took back its user's lingering seats
 * @param overdraftSeats seats beyond the licensed count this grant used
 * @param blocks the license blocks of the granting pool
 * @param components what a package grants along with it; empty for an ordinary feature
 */
public record Grant(LeaseId lease, Secret secret, String vendor, String feature, Version version, String poolId,
                    int count, int seats, long deadline, long heartbeatMillis, long borrowedUntil, boolean shared,
                    boolean reclaimedLinger, int overdraftSeats, List<FeatureLicense> blocks,
                    List<GrantedComponent> components) {

    public Grant {
        blocks = List.copyOf(blocks);
        components = List.copyOf(components);
    }
}
