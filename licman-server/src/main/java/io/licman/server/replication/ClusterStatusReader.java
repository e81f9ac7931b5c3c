package io.licman.server.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/** Reads {@link ClusterStatus} from a running Raft division. */
final class ClusterStatusReader {

    private ClusterStatusReader() {
    }

    static ClusterStatus read(RaftServer.Division division, Map<String, String> clientEndpoints) {
        var info = division.getInfo();
        RaftPeerId leader = info.getLeaderId();
        long commit = division.getRaftLog().getLastCommittedIndex();
        Map<String, Long> commits = new HashMap<>();
        for (CommitInfoProto c : division.getCommitInfos()) {
            commits.put(c.getServer().getId().toStringUtf8(), c.getCommitIndex());
        }
        Map<String, Long> contact = new HashMap<>();
        var role = info.getRoleInfoProto();
        if (role.hasLeaderInfo()) {
            for (var f : role.getLeaderInfo().getFollowerInfoList()) {
                contact.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
            }
        }
        List<ClusterStatus.Member> members = new ArrayList<>();
        for (RaftPeer peer : division.getRaftConf().getCurrentPeers()) {
            String id = peer.getId().toString();
            boolean isLeader = peer.getId().equals(leader);
            boolean known = info.isLeader() && commits.containsKey(id);
            long match = known ? commits.get(id) : -1;
            long lag = known ? Math.max(0, commit - match) : -1;
            long last = peer.getId().equals(division.getId()) ? 0 : contact.getOrDefault(id, -1L);
            members.add(new ClusterStatus.Member(id, peer.getAddress(), clientEndpoints.getOrDefault(id, ""), isLeader, match, lag, last));
        }
        members.sort(java.util.Comparator.comparing(ClusterStatus.Member::id));
        return new ClusterStatus(division.getId().toString(), info.getCurrentRole().name(), leader == null ? "" : leader.toString(),
                info.getCurrentTerm(), commit, info.getLastAppliedIndex(), members);
    }
}
