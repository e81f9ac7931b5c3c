package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.Names;
import io.licman.core.license.Version;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A request for seats of one feature.
 *
 * <pre>{@code
 * CheckoutRequest r = CheckoutRequest.of("acme", "cad-pro", Version.parse("2.0"), client)
 *         .withCount(2).queueIfBusy(true);
 * }</pre>
 *
 * @param vendor the vendor
 * @param feature the feature name
 * @param minimumVersion the lowest version that will do
 * @param count how many licenses; each costs the feature's {@code tokens} seats
 * @param client who asks
 * @param clientHostIds the client machine's host ids, for node-locked features
 * @param queueIfBusy wait in the feature's queue rather than be denied when no seat is free
 * @param borrow how long to borrow the seat for offline use; zero for an ordinary checkout
 */
public record CheckoutRequest(String vendor, String feature, Version minimumVersion, int count, ClientIdentity client,
                              List<HostId> clientHostIds, boolean queueIfBusy, Duration borrow) {

    /** The most licenses one request may ask for. */
    public static final int MAX_COUNT = 100_000;
    /** The most host ids a client may report. */
    public static final int MAX_HOST_IDS = 64;

    public CheckoutRequest {
        Names.requireVendor(vendor);
        Names.requireFeatureName(feature);
        Objects.requireNonNull(minimumVersion, "minimumVersion");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("a checkout asks for 1 to " + MAX_COUNT + " licenses, not " + count);
        }
        Objects.requireNonNull(client, "client");
        clientHostIds = List.copyOf(clientHostIds);
        if (clientHostIds.size() > MAX_HOST_IDS) {
            throw new IllegalArgumentException("a client may report at most " + MAX_HOST_IDS + " host ids");
        }
        Objects.requireNonNull(borrow, "borrow");
        if (borrow.isNegative() || borrow.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("a borrow period must be between 0 and 3650 days");
        }
        borrow = Duration.ofMillis(borrow.toMillis());
    }

    /** One license, no queueing, no borrowing, no host ids. */
    public static CheckoutRequest of(String vendor, String feature, Version minimumVersion, ClientIdentity client) {
        return new CheckoutRequest(vendor, feature, minimumVersion, 1, client, List.of(), false, Duration.ZERO);
    }

    public CheckoutRequest withCount(int count) {
        return new CheckoutRequest(vendor, feature, minimumVersion, count, client, clientHostIds, queueIfBusy, borrow);
    }

    public CheckoutRequest queueIfBusy(boolean queue) {
        return new CheckoutRequest(vendor, feature, minimumVersion, count, client, clientHostIds, queue, borrow);
    }

    public CheckoutRequest borrowFor(Duration period) {
        return new CheckoutRequest(vendor, feature, minimumVersion, count, client, clientHostIds, queueIfBusy, period);
    }

    public CheckoutRequest withHostIds(List<HostId> hostIds) {
        return new CheckoutRequest(vendor, feature, minimumVersion, count, client, hostIds, queueIfBusy, borrow);
    }

    public CheckoutRequest withClient(ClientIdentity client) {
        return new CheckoutRequest(vendor, feature, minimumVersion, count, client, clientHostIds, queueIfBusy, borrow);
    }

    /** True when this is a borrow request. */
    public boolean isBorrow() {
        return !borrow.isZero();
    }

    /** {@code acme/cad-pro >= 2.0 x2 for alice@ws1}, for messages. */
    public String describe() {
        return vendor + "/" + feature + " >= " + minimumVersion + (count > 1 ? " x" + count : "") + " for " + client.describe();
    }
}
