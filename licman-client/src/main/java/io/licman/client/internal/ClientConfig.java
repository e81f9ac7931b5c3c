package io.licman.client.internal;

import io.licman.client.Discovery;
import io.licman.client.LeaseListener;
import io.licman.core.crypto.VendorPublicKey;
import io.licman.core.hostid.HostId;
import io.licman.core.protocol.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import javax.net.SocketFactory;

/**
 * Everything a {@code LicenseClient} was built with; immutable, checked by the builder.
 *
 * @param servers the servers to use, in order; empty: find them with {@code discovery}
 * @param serversSource where the list came from, for messages
 * @param discovery how to find servers when none are configured
 * @param vendorKeys the vendor's trusted public keys (several while the vendor rotates keys), one vendor
 * @param socketFactory makes the TCP sockets (the seam for TLS)
 * @param ticker a monotonic clock in nanoseconds (like {@link System#nanoTime()}), for lease deadlines
 * @param reconnectMin the first reconnect delay after a failed attempt
 * @param reconnectMax the longest delay between reconnect attempts
 * @param closeTimeout how long closing waits for the server to confirm check-ins
 */
public record ClientConfig(List<Endpoint> servers, String serversSource, Discovery discovery, List<VendorPublicKey> vendorKeys,
                           String user, String host, String display, String project, List<HostId> hostIds,
                           Duration connectTimeout, Duration requestTimeout, LeaseListener listener,
                           SocketFactory socketFactory, LongSupplier ticker, Duration reconnectMin, Duration reconnectMax,
                           Duration closeTimeout) {

    public ClientConfig {
        servers = List.copyOf(servers);
        vendorKeys = List.copyOf(vendorKeys);
        hostIds = List.copyOf(hostIds);
        if (vendorKeys.isEmpty() || vendorKeys.stream().map(VendorPublicKey::vendor).distinct().count() != 1) {
            throw new IllegalArgumentException("the vendor keys must be one or more keys of one vendor");
        }
    }

    /** The vendor whose features this client checks out. */
    public String vendor() {
        return vendorKeys.get(0).vendor();
    }
}
