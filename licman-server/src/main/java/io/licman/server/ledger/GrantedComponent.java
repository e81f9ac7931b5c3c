package io.licman.server.ledger;

import io.licman.core.license.Version;

/**
 * A feature a package lease grants along with the package.
 *
 * @param feature the component feature's name
 * @param version its version
 * @param count how many licenses of it the lease grants
 */
public record GrantedComponent(String feature, Version version, int count) {
}
