package io.licman.server.replication;

import io.licman.core.protocol.v1.ServerRole;
import io.licman.server.ledger.LedgerCommand;
import java.util.List;
import java.util.function.LongFunction;

/**
 * What a replicated ledger tells the rest of the server about leadership: the role to announce
 * in {@code Welcome} and discovery, where the leader is, and when this server starts or stops
 * serving.
 */
public interface Leadership {

    /** {@code STANDALONE} for a one-peer group; {@code LEADER} or {@code FOLLOWER} in a cluster. */
    ServerRole role();

    /** The leader's client endpoints ({@code port@host}), empty when this server is the leader or none is known. */
    List<String> leaderEndpoints();

    /** Counts the times this server began to serve as leader; a session opened under another count is stale. */
    long epoch();

    /** True while this server serves lease requests. */
    boolean isServing();

    /** A command the leader applies, after extending every lease, each time it is elected (the current licenses). */
    void onPromotion(LongFunction<LedgerCommand> command);

    /** Called (on a replication thread; must not block) whenever this server starts or stops serving, or the leader changes. */
    void addRoleListener(Runnable listener);

    /** A read-only view of the replication state for {@code licman cluster status}. */
    ClusterStatus status();
}
