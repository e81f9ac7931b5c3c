package io.licman.client.internal;

import io.licman.client.DiscoveredServer;
import io.licman.core.protocol.DatagramCodec;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.Protocol;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.DiscoveryRequest;
import io.licman.core.protocol.v1.FeatureAvailability;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of UDP discovery: one request, padded to {@link DatagramCodec#RECOMMENDED_REQUEST_SIZE}
 * so that servers may answer with up to as many bytes, sent to every target; answers with the
 * request's nonce are collected until the deadline. Anything else arriving on the socket is ignored.
 */
public final class UdpDiscovery {

    private static final Logger log = LoggerFactory.getLogger(UdpDiscovery.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private UdpDiscovery() {
    }

    /**
     * @param settle when not null, return once this long has passed after the first answer
     *     without a new one (or at the timeout); when null, collect until the timeout
     */
    public static List<DiscoveredServer> discover(String vendor, String feature, List<InetSocketAddress> targets,
                                                  Duration timeout, Duration settle) throws IOException {
        long nonce = RANDOM.nextLong();
        byte[] request = DatagramCodec.encodeRequest(DiscoveryRequest.newBuilder()
                .setMajorVersion(Protocol.MAJOR_VERSION)
                .setNonce(nonce)
                .setVendor(vendor)
                .setFeature(feature)
                .build(), DatagramCodec.RECOMMENDED_REQUEST_SIZE);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            send(socket, request, targets);
            return collect(socket, nonce, timeout, settle);
        }
    }

    private static void send(DatagramSocket socket, byte[] request, List<InetSocketAddress> targets) throws IOException {
        IOException last = null;
        int sent = 0;
        for (InetSocketAddress target : targets) {
            for (InetSocketAddress address : perInterface(target)) {
                try {
                    if (address.isUnresolved()) {
                        throw new IOException("cannot resolve " + address.getHostString());
                    }
                    socket.send(new DatagramPacket(request, request.length, address));
                    sent++;
                } catch (IOException e) {
                    log.debug("licman discovery: cannot send to {}: {}", address, e.toString());
                    last = e;
                }
            }
        }
        if (sent == 0) {
            throw new IOException("the discovery request could not be sent to any of " + targets
                    + (last == null ? "" : " (last problem: " + last.getMessage() + ")"), last);
        }
    }

    /**
     * A link-local IPv6 multicast group without a scope is sent on each interface that is up,
     * does multicast and has an IPv6 address (docs/protocol.md, section 14); other targets as they are.
     */
    static List<InetSocketAddress> perInterface(InetSocketAddress target) {
        if (!(target.getAddress() instanceof Inet6Address group) || !group.isMCLinkLocal()
                || group.getScopedInterface() != null || group.getScopeId() != 0) {
            return List.of(target);
        }
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && nic.supportsMulticast() && !nic.isLoopback()
                        && nic.inetAddresses().anyMatch(a -> a instanceof Inet6Address)) {
                    out.add(new InetSocketAddress(Inet6Address.getByAddress(null, group.getAddress(), nic), target.getPort()));
                }
            }
        } catch (IOException e) {
            log.debug("licman discovery: cannot list the network interfaces: {}", e.toString());
        }
        return out.isEmpty() ? List.of(target) : out;
    }

    private static List<DiscoveredServer> collect(DatagramSocket socket, long nonce, Duration timeout, Duration settle)
            throws IOException {
        Map<String, DiscoveredServer> found = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[DatagramCodec.MAX_DATAGRAM_SIZE + 1];
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return List.copyOf(found.values());
            }
            socket.setSoTimeout((int) Math.max(1, remaining / 1_000_000));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return List.copyOf(found.values());
            }
            DiscoveredServer server = read(packet, nonce);
            if (server != null) {
                String key = server.serverId().isEmpty() ? server.respondedFrom().toString() : server.serverId();
                found.putIfAbsent(key, server);
                if (settle != null) {
                    deadline = Math.min(deadline, System.nanoTime() + settle.toNanos());
                }
            }
        }
    }

    /** The server described by an answer, or null when the datagram is not an answer to this request. */
    static DiscoveredServer read(DatagramPacket packet, long nonce) {
        InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
        DiscoveryReply reply;
        try {
            reply = DatagramCodec.decodeReply(packet.getData(), packet.getOffset(), packet.getLength());
        } catch (ProtocolException e) {
            log.debug("licman discovery: ignored a datagram from {}: {}", from, e.getMessage());
            return null;
        }
        if (reply.getNonce() != nonce) {
            log.debug("licman discovery: ignored an answer from {} to another request", from);
            return null;
        }
        if (reply.getMajorVersion() != 0 && reply.getMajorVersion() != Protocol.MAJOR_VERSION) {
            log.debug("licman discovery: ignored {}, which speaks protocol {}", from, reply.getMajorVersion());
            return null;
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String text : reply.getEndpointsList()) {
            try {
                endpoints.add(Endpoint.parse(text));
            } catch (IllegalArgumentException e) {
                log.debug("licman discovery: {} announced a bad endpoint '{}'", from, text);
            }
        }
        if (endpoints.isEmpty()) {
            endpoints.add(new Endpoint(Protocol.PORT, from.getAddress().getHostAddress()));
        }
        List<DiscoveredServer.Feature> features = new ArrayList<>();
        for (FeatureAvailability f : reply.getFeaturesList()) {
            features.add(new DiscoveredServer.Feature(f.getVendor(), f.getName(), f.getFree(), f.getTotal(), f.getUncounted()));
        }
        return new DiscoveredServer(reply.getServerId(), endpoints, from, Wire.role(reply.getRole()),
                reply.getVendorsList(), features, reply.getTruncated());
    }
}
