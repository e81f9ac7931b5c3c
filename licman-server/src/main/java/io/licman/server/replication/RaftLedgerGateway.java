package io.licman.server.replication;

import io.licman.core.protocol.v1.ServerRole;
import io.licman.server.engine.LedgerGateway;
import io.licman.server.engine.LedgerListener;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerCommandCodec;
import io.licman.server.ledger.LedgerResult;
import io.licman.server.ledger.LedgerSettings;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.concurrent.locks.LockSupport;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger in a Raft group (Apache Ratis), standalone (one peer on local disk) or in a cluster.
 *
 * <p><b>Group commit.</b> Commands wait in a queue; one writer thread takes everything queued
 * into one log entry whenever fewer than {@value #MAX_IN_FLIGHT} entries are being written, and
 * submits it to the local Raft server directly (no RPC to itself). When the entry is applied, the
 * futures of its commands complete with their results, in process.
 *
 * <p><b>Heartbeats.</b> On the serving leader, a {@link LedgerCommand.RenewSession} is answered
 * from memory at once: the renewal is remembered and written as part of the next entry at most
 * {@value #RENEW_FLUSH_MILLIS} ms later, and always ahead of an expiry sweep, so a sweep never
 * ends a lease whose renewal was acknowledged. Renewals not yet written when the leader dies are
 * covered by the next leader, which extends every lease by the time without a leader plus a
 * grace ({@link LedgerCommand.ExtendLeases}) before it serves anything.
 *
 * <p><b>Promotion.</b> A newly elected leader first proposes one entry that creates the ledger
 * if there is none yet (with a fresh random seed, the same for every replica from then on),
 * extends every lease, and reloads the current licenses; only once it is applied does the leader
 * serve. Every other command submitted to a server that is not serving is refused with
 * {@link NotLeaderException}, or waits up to {@value #WAIT_FOR_LEADER_MILLIS} ms while an
 * election is under way.
 */
public final class RaftLedgerGateway implements LedgerGateway, Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(RaftLedgerGateway.class);
    static final int MAX_IN_FLIGHT = 2;
    static final int MAX_BATCH = 4096;
    static final long RENEW_FLUSH_MILLIS = 1000;
    static final long WAIT_FOR_LEADER_MILLIS = 10_000;
    private static final long ROLE_CHECK_MILLIS = 100;

    private final RaftServer server;
    private final RaftServer.Division division;
    private final RaftGroupId groupId;
    private final RaftPeerId self;
    private final LedgerStateMachine machine;
    private final Clock clock;
    private final boolean standalone;
    private final LedgerSettings newLedgerSettings;
    private final Map<String, String> clientEndpoints;
    private final long quorumFreshMillis;
    private final ClientId clientId = ClientId.randomId();
    private final long proposer = new SecureRandom().nextLong();
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicLong batchNumbers = new AtomicLong();
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Long, Batch> proposed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> renewals = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Runnable> roleListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong epoch = new AtomicLong();
    private final Thread writer;
    private final StalledApplyGuard stalledApplyGuard;
    private volatile boolean running = true;
    private volatile long readyTerm = -1;
    private volatile long promotingTerm = -1;
    private volatile long servingTerm = -1;
    private volatile boolean quorumFresh;
    private volatile RaftPeerId leaderId;
    private volatile LongFunction<LedgerCommand> promotionCommand;
    private long lastFlushMillis;
    private long lastRoleCheckMillis;

    RaftLedgerGateway(RaftServer server, RaftGroupId groupId, LedgerStateMachine machine, Clock clock, boolean standalone,
                      LedgerSettings newLedgerSettings, Map<String, String> clientEndpoints, long quorumFreshMillis) throws IOException {
        this.server = server;
        this.groupId = groupId;
        this.division = server.getDivision(groupId);
        this.self = server.getId();
        this.machine = machine;
        this.clock = clock;
        this.standalone = standalone;
        this.newLedgerSettings = newLedgerSettings;
        this.clientEndpoints = Map.copyOf(clientEndpoints);
        this.quorumFreshMillis = quorumFreshMillis;
        this.quorumFresh = standalone;
        this.stalledApplyGuard = StalledApplyGuard.of(division, machine);
        this.writer = new Thread(this::loop, "licman-raft-writer");
        this.writer.setDaemon(true);
        machine.observe(new Observer());
        this.writer.start();
        if (division.getInfo().isLeaderReady()) {
            readyTerm = division.getInfo().getCurrentTerm();
        }
    }

    /** The Raft division this gateway writes to. */
    RaftServer.Division division() {
        return division;
    }

    /** The state machine holding the ledger. */
    LedgerStateMachine machine() {
        return machine;
    }

    // ------------------------------------------------------------------------------------------
    // LedgerGateway
    // ------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Applied> submit(LongFunction<LedgerCommand> builder) {
        CompletableFuture<Applied> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the server is shutting down"));
            return result;
        }
        LedgerCommand command = builder.apply(clock.millis());
        if (servingTerm >= 0) {
            if (command instanceof LedgerCommand.RenewSession r && quorumFresh) {
                renewals.merge(r.clientId(), r.now(), Math::max);
                result.complete(new Applied(new LedgerResult.SessionRenewed(0, 0), List.of()));
                return result;
            }
        } else if (isKnownFollower()) {
            result.completeExceptionally(new NotLeaderException(leaderEndpoints()));
            return result;
        }
        queue.add(new Pending(command, result, System.nanoTime()));
        LockSupport.unpark(writer);
        return result;
    }

    @Override
    public <T> CompletableFuture<T> read(Function<Ledger, T> query) {
        try {
            return CompletableFuture.completedFuture(machine.read(query));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void addListener(LedgerListener listener) {
        machine.addListener(listener);
    }

    @Override
    public long now() {
        return clock.millis();
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued(new IllegalStateException("the server is shutting down"));
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the Raft server: {}", e.toString());
        }
        proposed.values().forEach(b -> b.fail(new IllegalStateException("the server is shutting down")));
        proposed.clear();
    }

    // ------------------------------------------------------------------------------------------
    // Leadership
    // ------------------------------------------------------------------------------------------

    @Override
    public ServerRole role() {
        if (standalone) {
            return ServerRole.SERVER_ROLE_STANDALONE;
        }
        return servingTerm >= 0 || division.getInfo().isLeader() ? ServerRole.SERVER_ROLE_LEADER : ServerRole.SERVER_ROLE_FOLLOWER;
    }

    @Override
    public List<String> leaderEndpoints() {
        RaftPeerId leader = leaderId;
        if (leader == null || leader.equals(self)) {
            return List.of();
        }
        String endpoint = clientEndpoints.get(leader.toString());
        return endpoint == null ? List.of() : List.of(endpoint);
    }

    @Override
    public long epoch() {
        return epoch.get();
    }

    @Override
    public boolean isServing() {
        return servingTerm >= 0;
    }

    @Override
    public void onPromotion(LongFunction<LedgerCommand> command) {
        this.promotionCommand = command;
    }

    @Override
    public void addRoleListener(Runnable listener) {
        roleListeners.add(listener);
    }

    @Override
    public ClusterStatus status() {
        return ClusterStatusReader.read(division, clientEndpoints);
    }

    private boolean isKnownFollower() {
        RaftPeerId leader = leaderId;
        return !standalone && leader != null && !leader.equals(self);
    }

    // ------------------------------------------------------------------------------------------
    // The writer thread
    // ------------------------------------------------------------------------------------------

    private void loop() {
        while (running) {
            try {
                long nowMillis = System.currentTimeMillis();
                if (nowMillis - lastRoleCheckMillis >= ROLE_CHECK_MILLIS) {
                    lastRoleCheckMillis = nowMillis;
                    checkRole();
                    stalledApplyGuard.check(System.nanoTime() / 1_000_000);
                }
                long ready = readyTerm;
                if (ready >= 0 && ready != promotingTerm && servingTerm < 0 && inFlight.get() < MAX_IN_FLIGHT) {
                    propose(ready);
                    continue;
                }
                if (servingTerm < 0) {
                    failWaiting(false);
                } else if (inFlight.get() < MAX_IN_FLIGHT
                        && (!queue.isEmpty() || !renewals.isEmpty() && nowMillis - lastFlushMillis >= RENEW_FLUSH_MILLIS)) {
                    propose(-1);
                    continue;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(servingTerm >= 0 ? 20 : 5));
            } catch (RuntimeException e) {
                LOG.error("the Raft writer failed; it carries on", e);
            }
        }
    }

    /** Proposes one entry: the promotion of {@code promotionTerm} (>= 0), or the queued commands. */
    private void propose(long promotionTerm) {
        long now = clock.millis();
        List<byte[]> encoded = new ArrayList<>();
        List<CompletableFuture<Applied>> futures = new ArrayList<>();
        Map<String, Long> flushed = Map.of();
        LedgerSettings create = null;
        if (promotionTerm >= 0) {
            promotingTerm = promotionTerm;
            create = machine.hasLedger() ? null : newLedgerSettings;
            encoded.add(LedgerCommandCodec.encode(new LedgerCommand.ExtendLeases(now)));
            futures.add(null);
            LongFunction<LedgerCommand> extra = promotionCommand;
            if (extra != null) {
                encoded.add(LedgerCommandCodec.encode(extra.apply(now)));
                futures.add(null);
            }
        } else {
            List<Pending> taken = new ArrayList<>();
            Pending p;
            boolean sweep = false;
            while (taken.size() < MAX_BATCH && (p = queue.poll()) != null) {
                taken.add(p);
                sweep |= p.command instanceof LedgerCommand.Expire;
            }
            if (sweep || System.currentTimeMillis() - lastFlushMillis >= RENEW_FLUSH_MILLIS) {
                flushed = drainRenewals(encoded, futures);
            }
            for (Pending q : taken) {
                try {
                    encoded.add(LedgerCommandCodec.encode(q.command));
                    futures.add(q.result);
                } catch (RuntimeException e) {
                    q.result.completeExceptionally(e);
                }
            }
            if (encoded.isEmpty()) {
                return;
            }
        }
        long number = batchNumbers.incrementAndGet();
        Batch batch = new Batch(futures, flushed, promotionTerm);
        proposed.put(number, batch);
        byte[] entry = new LogEntries(proposer, number, create, encoded).encode();
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(clientId).setServerId(self).setGroupId(groupId)
                .setCallId(callIds.incrementAndGet()).setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
                .setType(RaftClientRequest.writeRequestType()).build();
        inFlight.incrementAndGet();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = server.submitClientRequestAsync(request);
        } catch (IOException | RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, failure) -> {
            inFlight.decrementAndGet();
            LockSupport.unpark(writer);
            Throwable problem = failure != null ? failure : r.isSuccess() ? null : r.getException();
            if (problem != null) {
                Batch failed = proposed.remove(number);
                if (failed != null) {
                    writeFailed(failed, problem);
                }
            }
        });
    }

    private Map<String, Long> drainRenewals(List<byte[]> encoded, List<CompletableFuture<Applied>> futures) {
        lastFlushMillis = System.currentTimeMillis();
        Map<String, Long> flushed = new java.util.HashMap<>();
        for (String client : renewals.keySet()) {
            Long at = renewals.remove(client);
            if (at != null) {
                flushed.put(client, at);
                encoded.add(LedgerCommandCodec.encode(new LedgerCommand.RenewSession(at, client)));
                futures.add(null);
            }
        }
        return flushed;
    }

    private void writeFailed(Batch batch, Throwable problem) {
        if (batch.promotionTerm >= 0) {
            promotingTerm = -1;
            LOG.warn("could not take up leadership in term {}: {}", batch.promotionTerm, problem.toString());
        }
        if (servingTerm >= 0) {
            batch.flushed.forEach((client, at) -> renewals.merge(client, at, Math::max));
        }
        batch.fail(servingTerm >= 0 && division.getInfo().isLeader() ? new IllegalStateException("the replicated write failed: " + problem)
                : new NotLeaderException(leaderEndpoints()));
    }

    /** Notices a lost leadership that no notification reported, and keeps the quorum check fresh. */
    private void checkRole() {
        long serving = servingTerm;
        var info = division.getInfo();
        if (serving >= 0 && (!info.isLeader() || info.getCurrentTerm() != serving)) {
            stopServing(info.getLeaderId());
        }
        long ready = readyTerm;
        if (ready >= 0 && (!info.isLeader() || info.getCurrentTerm() != ready)) {
            readyTerm = -1;
        }
        if (!standalone && info.isLeader()) {
            quorumFresh = hasFreshQuorum(info.getRoleInfoProto());
        }
        if (!info.isLeader() && running) {
            leaderId = info.getLeaderId();
        }
    }

    private boolean hasFreshQuorum(RoleInfoProto role) {
        if (!role.hasLeaderInfo()) {
            return false;
        }
        int voters = division.getRaftConf().getCurrentPeers().size();
        int fresh = 1;
        for (var follower : role.getLeaderInfo().getFollowerInfoList()) {
            if (follower.getLastRpcElapsedTimeMs() < quorumFreshMillis) {
                fresh++;
            }
        }
        return fresh * 2 > voters;
    }

    private void failWaiting(boolean all) {
        long limit = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(WAIT_FOR_LEADER_MILLIS);
        boolean follower = isKnownFollower();
        Pending p;
        while ((p = queue.peek()) != null && (all || follower || p.since < limit)) {
            if (queue.remove(p)) {
                p.result.completeExceptionally(new NotLeaderException(leaderEndpoints()));
            }
        }
    }

    private void failQueued(RuntimeException e) {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result.completeExceptionally(e);
        }
    }

    private void startServing(long term) {
        var info = division.getInfo();
        if (!info.isLeader() || info.getCurrentTerm() != term) {
            return;
        }
        leaderId = self;
        if (!standalone) {
            quorumFresh = hasFreshQuorum(info.getRoleInfoProto());
        }
        servingTerm = term;
        epoch.incrementAndGet();
        LOG.info("serving as the {} in term {}", standalone ? "standalone ledger" : "leader", term);
        LockSupport.unpark(writer);
        roleChanged();
    }

    private void stopServing(RaftPeerId newLeader) {
        boolean wasServing = servingTerm >= 0;
        servingTerm = -1;
        readyTerm = -1;
        promotingTerm = -1;
        leaderId = newLeader;
        renewals.clear();
        if (wasServing) {
            LOG.info("no longer the leader{}", newLeader == null ? "" : "; the leader is " + newLeader);
        }
        failWaiting(isKnownFollower());
        roleChanged();
    }

    private void roleChanged() {
        for (Runnable r : roleListeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("a role listener failed", e);
            }
        }
    }

    /** The state machine's reports. */
    private final class Observer implements LedgerStateMachine.Observer {
        @Override
        public void applied(LogEntries entry, List<Applied> results) {
            if (entry.proposer() != proposer) {
                return;
            }
            Batch batch = proposed.remove(entry.batch());
            if (batch == null) {
                return;
            }
            if (results == null) {
                batch.fail(new IllegalStateException("the ledger does not exist yet"));
            } else {
                batch.complete(results);
            }
            if (batch.promotionTerm >= 0) {
                startServing(batch.promotionTerm);
            }
        }

        @Override
        public void leaderReady(long term) {
            readyTerm = term;
            LockSupport.unpark(writer);
        }

        @Override
        public void leaderChanged(RaftPeerId leader) {
            if (leader != null && leader.equals(self)) {
                leaderId = self;
                return;
            }
            stopServing(leader);
        }
    }

    private record Pending(LedgerCommand command, CompletableFuture<Applied> result, long since) {
    }

    /** One proposed entry: a future per command ({@code null} for renewals and promotion steps). */
    private record Batch(List<CompletableFuture<Applied>> futures, Map<String, Long> flushed, long promotionTerm) {
        void complete(List<Applied> results) {
            for (int i = 0; i < futures.size() && i < results.size(); i++) {
                CompletableFuture<Applied> f = futures.get(i);
                if (f != null) {
                    f.complete(results.get(i));
                }
            }
        }

        void fail(Throwable problem) {
            for (CompletableFuture<Applied> f : futures) {
                if (f != null) {
                    f.completeExceptionally(problem);
                }
            }
        }
    }

    RaftPeer selfPeer() {
        return division.getPeer();
    }
}
