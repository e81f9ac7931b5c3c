package io.licman.server.ledger;

import io.licman.core.license.FeatureLicense;
import io.licman.core.license.Version;
import java.util.List;

/**
 * One pool of a feature: license blocks with the same version, dates and binding, counted together.
 *
 * @param poolId the pool's id
 * @param version the version
 * @param uncounted true when the pool has no seat limit
 * @param count licensed seats (0 when uncounted)
 * @param overdraft seats allowed beyond {@code count} (after {@code MAX_OVERDRAFT})
 * @param used seats held, lingering included
 * @param overdraftInUse seats held beyond {@code count}
 * @param validFrom first valid instant, epoch ms ({@link Long#MIN_VALUE} when unbounded)
 * @param validUntil first instant after validity, epoch ms ({@link Long#MAX_VALUE} when permanent)
 * @param servedHere false when the pool is bound to other server host ids
 * @param orphaned true when a reload removed the pool's licenses; it only keeps old leases
 * @param blocks the license blocks that make up the pool
 */
public record PoolStatus(String poolId, Version version, boolean uncounted, int count, int overdraft, int used,
                         int overdraftInUse, long validFrom, long validUntil, boolean servedHere, boolean orphaned,
                         List<FeatureLicense> blocks) {

    public PoolStatus {
        blocks = List.copyOf(blocks);
    }
}
