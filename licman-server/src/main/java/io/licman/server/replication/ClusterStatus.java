package io.licman.server.replication;

import java.util.List;

/**
 * The replication state as one peer sees it.
 *
 * @param self this peer's id
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER (Raft's roles)
 * @param leader the leader's id, or empty when none is known
 * @param term the current Raft term
 * @param commitIndex the highest log index known committed
 * @param appliedIndex the highest log index applied to the ledger here
 * @param members every voting member with its replication progress (the leader knows the lag of each)
 */
public record ClusterStatus(String self, String role, String leader, long term, long commitIndex, long appliedIndex,
                            List<Member> members) {

    public ClusterStatus {
        members = List.copyOf(members);
    }

    /**
     * One member.
     *
     * @param matchIndex the highest entry the leader knows this member holds (-1 when not known here)
     * @param lag entries behind the leader's commit index (-1 when not known here)
     * @param lastContactMillis milliseconds since the leader last heard from it (-1 when not known here)
     */
    public record Member(String id, String address, String clientEndpoint, boolean leader, long matchIndex, long lag,
                         long lastContactMillis) {
    }
}
