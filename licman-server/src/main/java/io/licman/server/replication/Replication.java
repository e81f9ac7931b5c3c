package io.licman.server.replication;

import io.licman.server.config.ConfigException;
import io.licman.server.config.ReplicationConfig;
import io.licman.server.config.ServerConfig;
import io.licman.server.engine.LedgerGateway;
import io.licman.server.engine.LocalLedgerGateway;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the ledger the configuration asks for: in memory ({@code replication = none}), a
 * one-peer Raft group on local disk (standalone, the default), or a member of a cluster. The
 * Raft settings are documented in {@code docs/replication.md}.
 */
public final class Replication {

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

    /** The Raft log and snapshots live here, under the data directory. */
    public static final String RAFT_DIRECTORY = "raft";
    /** A snapshot every this many log entries; the log before it is then deleted. */
    public static final long SNAPSHOT_EVERY_ENTRIES = Long.getLong("licman.raft.snapshot-every", 2_000);
    /** Log segment size; only closed segments are deleted after a snapshot. */
    static final String SEGMENT_SIZE = System.getProperty("licman.raft.segment-size", "1MB");
    /** Cluster election timeouts: a follower that hears nothing from the leader this long calls an election. */
    public static final long ELECTION_TIMEOUT_MIN_MILLIS = Long.getLong("licman.raft.election-min-ms", 600);
    public static final long ELECTION_TIMEOUT_MAX_MILLIS = Long.getLong("licman.raft.election-max-ms", 1_200);
    private static final String STANDALONE_PEER = "standalone";

    private Replication() {
    }

    /** The ledger gateway for {@code config}, with a fresh seed should a new ledger be created. */
    public static LedgerGateway open(ServerConfig config, Clock clock, Path dataRoot) throws IOException, ConfigException {
        LedgerSettings settings = new LedgerSettings(randomSeed(), config.defaultLeaseTtl(), 10);
        ReplicationConfig replication = config.replication();
        if (replication.mode() == ReplicationConfig.Mode.NONE) {
            return new LocalLedgerGateway(Ledger.create(settings), clock);
        }
        boolean standalone = replication.mode() == ReplicationConfig.Mode.STANDALONE;
        Path storage = dataRoot.resolve(RAFT_DIRECTORY);
        Files.createDirectories(storage);
        RaftProperties properties = properties(storage, standalone ? null : replication.self().orElseThrow());
        RaftGroupId groupId = groupId(replication);
        List<RaftPeer> peers = new ArrayList<>();
        Map<String, String> endpoints = new HashMap<>();
        RaftPeerId self;
        if (standalone) {
            self = RaftPeerId.valueOf(STANDALONE_PEER);
            peers.add(RaftPeer.newBuilder().setId(self).setAddress("127.0.0.1:0").build());
        } else {
            self = RaftPeerId.valueOf(replication.peerId());
            for (ReplicationConfig.Peer p : replication.peers()) {
                peers.add(peer(p));
                endpoints.put(p.id(), p.clientEndpoint());
            }
        }
        if (!standalone) {
            requireClusterPortFree(replication.self().orElseThrow());
        }
        RaftGroup group = RaftGroup.valueOf(groupId, peers);
        if (!standalone && awaitsAddition(replication, groupId, storage)) {
            // Started with itself in its configuration, a new peer would call elections while it waits,
            // and the leader would answer the first one by telling it to shut down. With no members it
            // waits, without elections, until the leader contacts it; the configuration then comes from
            // the leader's log.
            LOG.warn("{} is not a member of the running cluster '{}': it waits for the leader to add it (licman cluster add-peer)",
                    self, replication.clusterName());
            group = RaftGroup.valueOf(groupId);
        }
        LedgerStateMachine machine = new LedgerStateMachine();
        RaftServer server = RaftServer.newBuilder().setServerId(self).setGroup(group)
                .setStateMachine(machine).setProperties(properties).setOption(RaftStorage.StartupOption.RECOVER).build();
        try {
            server.start();
            return new RaftLedgerGateway(server, groupId, machine, clock, standalone, settings, endpoints, ELECTION_TIMEOUT_MIN_MILLIS);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * True when this peer has never been part of the cluster's Raft configuration (no configuration
     * in its storage) and another peer named in the config is running the cluster with a
     * configuration that does not name it: it is a new peer, to be added with {@code licman cluster
     * add-peer}. The founding peers of a new cluster find each other's configuration naming them, or
     * no peer running, and start as members.
     */
    static boolean awaitsAddition(ReplicationConfig replication, RaftGroupId groupId, Path storage) {
        Path conf = storage.resolve(groupId.getUuid().toString()).resolve("current").resolve("raft-meta.conf");
        if (Files.exists(conf)) {
            return false;
        }
        String self = replication.peerId();
        try (ClusterAdmin admin = new ClusterAdmin(replication)) {
            for (ClusterAdmin.PeerView view : admin.status()) {
                if (!view.id().equals(self) && view.problem() == null && !view.members().isEmpty() && !view.members().contains(self)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not ask the other peers whether {} is a member yet: {}", self, e.toString());
        }
        return false;
    }

    /**
     * Fails with a message naming the peer when its cluster port cannot be bound. Ratis would
     * otherwise end the whole JVM (exit status 1) when its gRPC server fails to bind.
     */
    static void requireClusterPortFree(ReplicationConfig.Peer self) throws ConfigException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(self.host(), self.clusterPort()));
        } catch (IOException e) {
            throw new ConfigException("cannot listen on the cluster port " + self.clusterAddress() + " of peer '" + self.id() + "': "
                    + e.getMessage() + "; another program has this port, or the host is not this machine's: fix this peer's line");
        }
    }

    /** The Raft peer of a cluster member. */
    public static RaftPeer peer(ReplicationConfig.Peer p) {
        return RaftPeer.newBuilder().setId(p.id()).setAddress(p.clusterAddress()).build();
    }

    /** The group id: fixed by the cluster name, so a restarted peer finds its storage. */
    public static RaftGroupId groupId(ReplicationConfig replication) {
        String name = replication.mode() == ReplicationConfig.Mode.STANDALONE ? "licman-standalone" : "licman-cluster:" + replication.clusterName();
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    static RaftProperties properties(Path storage, ReplicationConfig.Peer self) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(storage.toFile()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, SNAPSHOT_EVERY_ENTRIES);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(SEGMENT_SIZE));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(SEGMENT_SIZE));
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(512, SNAPSHOT_EVERY_ENTRIES));
        // Keep two snapshot intervals of log (counted back from the last entry): a follower that has
        // just installed the previous snapshot then continues from the log instead of needing another.
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, 2 * SNAPSHOT_EVERY_ENTRIES);
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("8MB"));
        // A follower that needs entries the leader has purged is sent the snapshot file itself
        // (LedgerStateMachine pauses, then reloads from it); nothing is fetched outside Ratis.
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf((8 << 20) + (64 << 10)));
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        if (self == null) {
            RaftConfigKeys.Rpc.setType(p, new LocalOnlyRpc());
            RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS));
        } else {
            RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
            GrpcConfigKeys.Server.setHost(p, self.host());
            GrpcConfigKeys.Server.setPort(p, self.clusterPort());
            GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("64MB"));
            RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(ELECTION_TIMEOUT_MIN_MILLIS, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(ELECTION_TIMEOUT_MAX_MILLIS, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        }
        return p;
    }

    private static byte[] randomSeed() {
        byte[] seed = new byte[LedgerSettings.SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        return seed;
    }
}
