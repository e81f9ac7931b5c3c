package io.licman.server.replication;

import java.util.List;

/** A request reached a server that is not the serving leader; {@link #leaderEndpoints()} says where to go, if known. */
public final class NotLeaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient List<String> leaderEndpoints;

    public NotLeaderException(List<String> leaderEndpoints) {
        super(leaderEndpoints.isEmpty() ? "this server is not the leader, and no leader is known yet"
                : "this server is not the leader; the leader is " + leaderEndpoints.get(0), null, false, false);
        this.leaderEndpoints = List.copyOf(leaderEndpoints);
    }

    public List<String> leaderEndpoints() {
        return leaderEndpoints;
    }
}
