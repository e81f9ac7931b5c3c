package io.licman.client;

import io.licman.core.protocol.Endpoint;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A license server that answered UDP discovery.
 *
 * @param serverId the server's stable name
 * @param endpoints where to connect over TCP, in the server's order of preference
 * @param respondedFrom the address the answer came from
 * @param role standalone, leader or follower
 * @param vendors the vendors the server holds licenses of
 * @param features the features with their free and total seats (possibly cut short, see {@code truncated})
 * @param truncated the server left some of the above out to fit the answer in one datagram
 */
public record DiscoveredServer(String serverId, List<Endpoint> endpoints, InetSocketAddress respondedFrom, Role role,
                               List<String> vendors, List<Feature> features, boolean truncated) {

    /** The server's role in its cluster. */
    public enum Role { UNKNOWN, STANDALONE, LEADER, FOLLOWER }

    /**
     * The seats of one feature, as the server reported them.
     *
     * @param vendor vendor name
     * @param name feature name
     * @param free seats free now
     * @param total seats licensed; 0 for an uncounted feature
     * @param uncounted no seat limit
     */
    public record Feature(String vendor, String name, int free, int total, boolean uncounted) {
    }

    public DiscoveredServer {
        endpoints = List.copyOf(endpoints);
        vendors = List.copyOf(vendors);
        features = List.copyOf(features);
    }
}
