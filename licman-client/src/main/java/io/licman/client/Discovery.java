package io.licman.client;

import io.licman.client.internal.UdpDiscovery;
import io.licman.core.license.Names;
import io.licman.core.protocol.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Finds license servers on the local network with a UDP request to port 1384: broadcast to
 * {@code 255.255.255.255}, multicast to {@code 239.255.13.84} and {@code ff02::1384}, and
 * unicast to {@code 127.0.0.1} for a server on the same machine. Servers answer with their TCP
 * endpoints and their features; replies are collected for a bounded time.
 *
 * <pre>{@code
 * for (DiscoveredServer server : Discovery.builder().vendor("acme").build().discover()) {
 *     System.out.println(server.serverId() + " " + server.endpoints() + " " + server.features());
 * }
 * }</pre>
 *
 * <p>A {@link LicenseClient} with no servers configured (and no {@code LICMAN_SERVER}) runs a
 * discovery by itself before it connects. Immutable and thread-safe.
 */
public final class Discovery {

    /** The default wait for replies. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private final String vendor;
    private final String feature;
    private final Duration timeout;
    private final List<InetSocketAddress> targets;

    private Discovery(Builder b) {
        this.vendor = b.vendor;
        this.feature = b.feature;
        this.timeout = b.timeout;
        this.targets = b.targets == null ? defaultTargets(b.port) : b.targets;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The standard targets on {@code port}: broadcast, the two multicast groups and loopback. */
    public static List<InetSocketAddress> defaultTargets(int port) {
        return List.of(
                new InetSocketAddress(Protocol.IPV4_BROADCAST, port),
                new InetSocketAddress(Protocol.IPV4_MULTICAST_GROUP, port),
                new InetSocketAddress(Protocol.IPV6_MULTICAST_GROUP, port),
                new InetSocketAddress("127.0.0.1", port));
    }

    /**
     * Sends the request and collects answers until the timeout; servers are listed once each, in
     * the order they answered.
     *
     * @return the servers that answered; empty when none did
     * @throws IOException when no UDP socket can be opened or the request could not be sent to any target
     */
    public List<DiscoveredServer> discover() throws IOException {
        return UdpDiscovery.discover(vendor, feature, targets, timeout, null);
    }

    /** The vendor asked about; empty: any. */
    public String vendor() {
        return vendor;
    }

    /** The feature asked about; empty: any. */
    public String feature() {
        return feature;
    }

    public Duration timeout() {
        return timeout;
    }

    public List<InetSocketAddress> targets() {
        return targets;
    }

    /** Builds a {@link Discovery}. */
    public static final class Builder {
        private String vendor = "";
        private String feature = "";
        private Duration timeout = DEFAULT_TIMEOUT;
        private int port = Protocol.PORT;
        private List<InetSocketAddress> targets;

        private Builder() {
        }

        /** Ask only about servers holding licenses of this vendor. */
        public Builder vendor(String vendor) {
            this.vendor = Names.requireVendor(vendor);
            return this;
        }

        /** Ask only about servers holding this feature. */
        public Builder feature(String feature) {
            this.feature = Names.requireFeatureName(feature);
            return this;
        }

        /** How long to collect answers: 1 ms to 30 s; 1 s by default. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("a discovery timeout is between 1 ms and 30 s, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The UDP port of the standard targets; {@value Protocol#PORT} by default. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("a port is between 1 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Send to exactly these addresses instead of the standard targets (for example one server's address). */
        public Builder targets(List<InetSocketAddress> targets) {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("discovery needs at least one target address");
            }
            this.targets = List.copyOf(targets);
            return this;
        }

        public Discovery build() {
            return new Discovery(this);
        }
    }
}
