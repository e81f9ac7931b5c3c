package io.licman.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the ledger is kept ({@code docs/replication.md}):
 * <ul>
 *   <li>{@link Mode#NONE}: in memory only; a restart forgets every lease (tests, benchmarks);</li>
 *   <li>{@link Mode#STANDALONE}: a one-peer Raft group on local disk under the data directory,
 *       no cluster port; the default;</li>
 *   <li>{@link Mode#CLUSTER}: 3 or 5 peers, each named by a {@code peer} line, replicating over
 *       their cluster ports.</li>
 * </ul>
 */
public record ReplicationConfig(Mode mode, String peerId, List<Peer> peers, String clusterName) {

    /** The default cluster port, next to the client port 1384. */
    public static final int DEFAULT_CLUSTER_PORT = 1385;
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,31}";

    /** Where the ledger lives. */
    public enum Mode {
        NONE, STANDALONE, CLUSTER;

        static Mode parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "none", "memory", "ephemeral" -> NONE;
                case "standalone" -> STANDALONE;
                case "cluster", "raft" -> CLUSTER;
                default -> throw new IllegalArgumentException("'" + text + "' is not none, standalone or cluster");
            };
        }
    }

    /**
     * One member of a cluster: its id, where the other peers reach it (cluster port) and where
     * clients reach it ({@code port@host} on {@code clientPort}).
     */
    public record Peer(String id, String host, int clusterPort, int clientPort) {
        public Peer {
            requireId(id);
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("a peer needs a host");
            }
            requirePort(clusterPort, "cluster port");
            requirePort(clientPort, "client port");
        }

        /**
         * Parses {@code ID HOST:CLUSTERPORT [CLIENTPORT]} ({@code [v6]:port} for IPv6); the
         * client port defaults to 1384.
         */
        public static Peer parse(String text) {
            String[] parts = text.strip().split("\\s+");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("expected 'ID HOST:CLUSTERPORT [CLIENTPORT]', found '" + text.strip() + "'");
            }
            String address = parts[1];
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new IllegalArgumentException("'" + address + "' is not HOST:CLUSTERPORT");
            }
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int clusterPort = port(address.substring(colon + 1));
            int clientPort = parts.length == 3 ? port(parts[2]) : ServerConfig.DEFAULT_PORT;
            return new Peer(parts[0], host, clusterPort, clientPort);
        }

        /** {@code host:port} of the cluster port, with brackets around an IPv6 host. */
        public String clusterAddress() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + clusterPort;
        }

        /** {@code port@host}, as clients name servers. */
        public String clientEndpoint() {
            return clientPort + "@" + (host.contains(":") ? "[" + host + "]" : host);
        }

        @Override
        public String toString() {
            return id + " " + clusterAddress() + " " + clientPort;
        }
    }

    public ReplicationConfig {
        Objects.requireNonNull(mode, "mode");
        peers = List.copyOf(peers);
        clusterName = clusterName == null || clusterName.isBlank() ? "licman" : clusterName;
        requireId(clusterName);
        if (mode == Mode.CLUSTER) {
            if (peers.isEmpty()) {
                throw new IllegalArgumentException("replication = cluster needs 'peer = ID HOST:CLUSTERPORT CLIENTPORT' lines");
            }
            if (peerId == null) {
                throw new IllegalArgumentException("replication = cluster needs 'peer-id', the id of this server's peer line");
            }
            List<String> ids = new ArrayList<>();
            for (Peer p : peers) {
                if (ids.contains(p.id())) {
                    throw new IllegalArgumentException("peer id '" + p.id() + "' is named twice");
                }
                ids.add(p.id());
            }
            if (!ids.contains(peerId)) {
                throw new IllegalArgumentException("peer-id '" + peerId + "' is not among the peers " + ids);
            }
            requireDistinctPorts(peers);
        }
    }

    /** The default: a one-peer group on local disk. */
    public static ReplicationConfig standalone() {
        return new ReplicationConfig(Mode.STANDALONE, null, List.of(), null);
    }

    /** In memory only. */
    public static ReplicationConfig none() {
        return new ReplicationConfig(Mode.NONE, null, List.of(), null);
    }

    /** A cluster of {@code peers}, of which this server is {@code peerId}. */
    public static ReplicationConfig cluster(String peerId, List<Peer> peers) {
        return new ReplicationConfig(Mode.CLUSTER, peerId, peers, null);
    }

    public ReplicationConfig withClusterName(String name) {
        return new ReplicationConfig(mode, peerId, peers, name);
    }

    /** Builds the setting from config-file values; {@code mode} null means cluster when peers are given. */
    static ReplicationConfig of(String mode, String peerId, List<Peer> peers, String clusterName) {
        Mode m = mode != null ? Mode.parse(mode) : peers.isEmpty() ? Mode.STANDALONE : Mode.CLUSTER;
        return new ReplicationConfig(m, peerId, m == Mode.CLUSTER ? peers : List.of(), clusterName);
    }

    /** This server's own peer line, in a cluster. */
    public Optional<Peer> self() {
        return peers.stream().filter(p -> p.id().equals(peerId)).findFirst();
    }

    /** Two ports of the same host named twice would make one server fail to start with "address already in use". */
    private static void requireDistinctPorts(List<Peer> peers) {
        java.util.Map<String, String> users = new java.util.HashMap<>();
        for (Peer p : peers) {
            for (boolean cluster : new boolean[] {true, false}) {
                int port = cluster ? p.clusterPort() : p.clientPort();
                String user = (cluster ? "the cluster port" : "the client port") + " of peer '" + p.id() + "'";
                String earlier = users.putIfAbsent(p.host().toLowerCase(Locale.ROOT) + "|" + port, user);
                if (earlier != null) {
                    throw new IllegalArgumentException("port " + port + " on " + p.host() + " is both " + earlier + " and " + user
                            + "; each peer needs a cluster port and a client port of its own (for example 1385 and 1384)");
                }
            }
        }
    }

    private static void requireId(String id) {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("'" + id + "' is not an id: letters, digits, '.', '_' or '-', at most 32 characters");
        }
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is not between 1 and 65535");
        }
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("'" + text + "' is not a port number");
        }
        return Integer.parseInt(text);
    }
}
