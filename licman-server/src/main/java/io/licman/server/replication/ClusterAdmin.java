package io.licman.server.replication;

import io.licman.server.config.ReplicationConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.util.TimeDuration;

/**
 * Administers a cluster over its cluster ports ({@code licman cluster ...}): who is a member,
 * who leads, how far each follower lags; adding and removing members (a Raft configuration
 * change, committed by the leader once a new member has caught up).
 */
public final class ClusterAdmin implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterAdmin.class);

    /** How long {@link #members()} waits for a leader to answer. */
    static final long LEADER_WAIT_MILLIS = 15_000;
    /** How long a membership change may take, a new peer's catching up included. */
    static final long CHANGE_WAIT_MILLIS = 120_000;

    private final RaftGroupId groupId;
    private final Map<String, String> clientEndpoints = new HashMap<>();
    private final RaftClient client;
    /** Asks one peer about itself, once: an unreachable peer is reported as such, not retried. */
    private final RaftClient probe;
    private final List<RaftPeer> known;

    /** For the cluster named by {@code replication} (its peer lines say where to reach it). */
    public ClusterAdmin(ReplicationConfig replication) {
        if (replication.mode() != ReplicationConfig.Mode.CLUSTER) {
            throw new IllegalArgumentException("this configuration names no cluster: add 'peer = ID HOST:CLUSTERPORT CLIENTPORT' lines");
        }
        this.groupId = Replication.groupId(replication);
        this.known = new ArrayList<>();
        for (ReplicationConfig.Peer p : replication.peers()) {
            known.add(Replication.peer(p));
            clientEndpoints.put(p.id(), p.clientEndpoint());
        }
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        this.client = RaftClient.newBuilder().setProperties(properties).setRaftGroup(RaftGroup.valueOf(groupId, known))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(40, TimeDuration.valueOf(250, TimeUnit.MILLISECONDS)))
                .build();
        this.probe = RaftClient.newBuilder().setProperties(properties).setRaftGroup(RaftGroup.valueOf(groupId, known))
                .setRetryPolicy(RetryPolicies.noRetry()).build();
    }

    /** Every member's view: asks each configured peer, and reports the leader's numbers for the followers. */
    public List<PeerView> status() {
        List<PeerView> views = new ArrayList<>();
        for (RaftPeer peer : known) {
            try {
                GroupInfoReply info = probe.getGroupManagementApi(peer.getId()).info(groupId);
                var role = info.getRoleInfoProto();
                var log = info.getLogInfoProto();
                Map<String, Long> commits = new HashMap<>();
                for (CommitInfoProto c : info.getCommitInfos()) {
                    commits.put(c.getServer().getId().toStringUtf8(), c.getCommitIndex());
                }
                List<String> members = membersOf(info).stream().map(p -> p.getId().toStringUtf8()).toList();
                String leader = role.hasLeaderInfo() ? peer.getId().toString()
                        : role.hasFollowerInfo() ? role.getFollowerInfo().getLeaderInfo().getId().getId().toStringUtf8() : "";
                long term = role.hasLeaderInfo() ? role.getLeaderInfo().getTerm() : -1;
                views.add(new PeerView(peer.getId().toString(), peer.getAddress(), clientEndpoints.getOrDefault(peer.getId().toString(), ""),
                        role.getRole().name(), leader, term, log.getCommitted().getIndex(), log.getApplied().getIndex(),
                        log.getLastSnapshot().getIndex(), log.getLastEntry().getIndex(), commits, members, null));
            } catch (IOException | RuntimeException e) {
                views.add(new PeerView(peer.getId().toString(), peer.getAddress(), clientEndpoints.getOrDefault(peer.getId().toString(), ""),
                        "UNREACHABLE", "", -1, -1, -1, -1, -1, Map.of(), List.of(), String.valueOf(e.getMessage())));
            }
        }
        return views;
    }

    /**
     * Makes {@code members} the cluster's voting members; returns when the leader has committed the
     * change. A new peer must catch up before the change commits, which can take longer than one
     * request waits; meanwhile the leader refuses further changes as "already in progress" (the
     * first request may be that very change). So the request is repeated, for up to
     * {@value #CHANGE_WAIT_MILLIS} ms, until the leader answers that these are the members.
     */
    public void setMembers(List<ReplicationConfig.Peer> members) throws IOException {
        List<RaftPeer> peers = members.stream().map(Replication::peer).toList();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHANGE_WAIT_MILLIS);
        while (true) {
            Throwable problem;
            try {
                RaftClientReply reply = client.admin().setConfiguration(peers);
                if (reply.isSuccess()) {
                    return;
                }
                problem = reply.getException();
            } catch (IOException | RuntimeException e) {
                problem = e;
            }
            if (!isChangeInProgress(problem) || System.nanoTime() - deadline > 0) {
                throw new IOException("the configuration change failed: " + problem, problem);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the configuration change was in progress");
            }
        }
    }

    private static boolean isChangeInProgress(Throwable problem) {
        for (Throwable t = problem; t != null; t = t.getCause()) {
            if (t instanceof org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException
                    || t instanceof org.apache.ratis.protocol.exceptions.TimeoutIOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The current members as the leader reports them, with their cluster addresses. Only the
     * leader's answer counts: a follower (or a peer just removed) may not have received the latest
     * configuration yet, and a membership change computed from it would undo a newer one. Waits up
     * to {@value #LEADER_WAIT_MILLIS} ms for a leader, as during an election.
     */
    public List<RaftPeerProto> members() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_WAIT_MILLIS);
        IOException last = null;
        while (true) {
            List<String> answers = new ArrayList<>();
            for (RaftPeer peer : known) {
                try {
                    GroupInfoReply info = probe.getGroupManagementApi(peer.getId()).info(groupId);
                    RaftPeerRole role = info.getRoleInfoProto().getRole();
                    if (role == RaftPeerRole.LEADER) {
                        return membersOf(info);
                    }
                    answers.add(peer.getId() + ": " + role);
                } catch (IOException e) {
                    last = e;
                    answers.add(peer.getId() + ": " + e.getMessage());
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("no peer in the configuration answered as the leader: " + answers, last);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while looking for the leader");
            }
        }
    }

    /**
     * The voting members in a peer's answer. Ratis 3.2.0 leaves the configuration out of the group
     * info it sends over gRPC (RATIS-2601), so unless it is there this is the group as the peer
     * knows it: the members of its configuration, plus the old members while a change is being
     * committed.
     */
    static List<RaftPeerProto> membersOf(GroupInfoReply info) {
        if (info.getConf().isPresent()) {
            return info.getConf().get().getPeersList();
        }
        return info.getGroup().getPeers().stream().filter(p -> p.getStartupRole() != RaftPeerRole.LISTENER)
                .map(RaftPeer::getRaftPeerProto).toList();
    }

    /**
     * Removes {@code id} from the voting members {@code current}. When {@code id} leads, leadership
     * is first handed to the remaining member furthest along, so that clients do not wait through
     * an election after the change (a removed leader steps down once the change commits); if the
     * hand-over fails the removal goes on and the others elect a leader. Returns the members left.
     */
    public List<ReplicationConfig.Peer> removeMember(String id, List<ReplicationConfig.Peer> current) throws IOException {
        List<ReplicationConfig.Peer> remaining = current.stream().filter(p -> !p.id().equals(id)).toList();
        if (remaining.size() == current.size()) {
            throw new IOException(id + " is not a member; the members are " + current.stream().map(ReplicationConfig.Peer::id).toList());
        }
        if (remaining.isEmpty()) {
            throw new IOException(id + " is the only member; a cluster keeps at least one");
        }
        PeerView leader = status().stream().filter(v -> v.problem() == null && "LEADER".equals(v.role()))
                .max(java.util.Comparator.comparingLong(PeerView::term)).orElse(null);
        if (leader != null && leader.id().equals(id)) {
            String successor = remaining.stream().map(ReplicationConfig.Peer::id)
                    .min(java.util.Comparator.comparingLong(m -> leader.lagOf(m) < 0 ? Long.MAX_VALUE : leader.lagOf(m))).orElseThrow();
            try {
                transferLeadership(successor);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not hand leadership from {} to {} before removing it ({}); the others will elect a leader", id, successor,
                        e.toString());
            }
        }
        setMembers(remaining);
        return remaining;
    }

    /** Hands leadership to {@code peer}. */
    public void transferLeadership(String peer) throws IOException {
        RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(peer), 10_000);
        if (!reply.isSuccess()) {
            throw new IOException("the leadership transfer failed: " + reply.getException());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            probe.close();
        } finally {
            client.close();
        }
    }

    /**
     * One peer's answer.
     *
     * @param lastEntryIndex the index of the last entry in this peer's log, committed or not
     * @param commits the commit index of each member as this peer knows it (complete on the leader)
     * @param problem why the peer did not answer, or null
     */
    public record PeerView(String id, String clusterAddress, String clientEndpoint, String role, String leader, long term,
                           long commitIndex, long appliedIndex, long snapshotIndex, long lastEntryIndex, Map<String, Long> commits,
                           List<String> members, String problem) {

        /** How many entries {@code member} is behind this (leader) peer's commit index, or -1 when not known. */
        public long lagOf(String member) {
            Long c = commits.get(member);
            return c == null || commitIndex < 0 ? -1 : Math.max(0, commitIndex - c);
        }
    }
}
