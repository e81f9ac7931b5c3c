package io.licman.server.ledger;

import io.licman.core.license.Version;

/**
 * One lease, for status listings ({@code licman status}).
 *
 * @param since when it was granted
 * @param deadline when it ends unless renewed
 * @param borrowedUntil borrow end, or 0
 * @param count licenses
 * @param groupSeats seats held by its seat group
 * @param sharers leases in its seat group, itself included
 * @param orphaned true when its pool was removed by a reload
 */
public record LeaseStatus(LeaseId lease, String vendor, String feature, String poolId, Version version,
                          ClientIdentity client, long since, long deadline, long borrowedUntil, int count,
                          int groupSeats, int sharers, boolean orphaned) {
}
