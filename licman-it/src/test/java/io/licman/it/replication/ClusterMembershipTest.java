package io.licman.it.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.server.config.ReplicationConfig;
import io.licman.server.replication.ClusterAdmin;
import io.licman.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that was down while the others took snapshots and deleted their logs catches up from
 * the leader's snapshot (Raft's InstallSnapshot) and then holds every lease the clients hold; then
 * a fourth peer is added and the first, made the leader, removed (Raft configuration changes
 * through {@link ClusterAdmin}, as {@code licman cluster add-peer|remove-peer} does; the removal
 * hands leadership over first), under load, without losing a lease or an answer for long. The peers
 * snapshot every 100 entries here, with 16 KB log segments, so the added peer may be sent more
 * than one snapshot while it catches up; if it stops short, its thread dump goes to its log.
 */
@Timeout(300)
class ClusterMembershipTest {

    static final int SEATS = 6;
    /** Generous on two shared cores: a JVM start, an election and a snapshot transfer. */
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @AfterEach
    void defaults() {
        ServerProcess.jvmOptions = List.of();
    }

    @Test
    void aLaggingFollowerCatchesUpFromASnapshotAndMembersComeAndGo() throws Exception {
        ServerProcess.jvmOptions = List.of("-Dlicman.raft.snapshot-every=100", "-Dlicman.raft.segment-size=16KB");
        History history = new History();
        long started = System.nanoTime();
        try (Cluster cluster = new Cluster(dir, List.of(TestServer.feature("cad", SEATS).build()), "a", "b", "c", "d")) {
            // d joins later: a, b and c start as a cluster of three, with configs that name only them.
            ServerProcess neverStarted = cluster.servers.remove(3);
            ReplicationConfig.Peer dPeer = cluster.peers.remove(3);
            for (int i = 0; i < 3; i++) {
                cluster.servers.set(i, cluster.server(cluster.peers.get(i), cluster.peers));
            }
            cluster.startAll();
            ServerProcess leader = cluster.leader(Duration.ofSeconds(30));
            assertThat(leader).as("a leader").isNotNull();
            // The clients list d from the start, as adding a peer asks; until d runs, connecting to it fails at once.
            String endpoints = cluster.endpoints() + "," + dPeer.clientEndpoint();
            try (LoadClients load = new LoadClients(endpoints, 5, 2, "cad", history)) {
                awaitUntil(() -> history.grants() >= 20, Duration.ofSeconds(30), "20 grants before the follower is stopped");

                // 1. A follower misses so much that the leader no longer has the entries it needs.
                ServerProcess lagging = cluster.servers.stream().filter(s -> s != leader).findFirst().orElseThrow();
                lagging.kill();
                // The stopped follower's log ends at or before the leader's last entry now.
                long lastIndex = lastEntryIndex(cluster, leader);
                awaitUntil(() -> firstLogIndex(leader.dataDirectory()) > lastIndex + 1, Duration.ofSeconds(60),
                        "the leader's log compacted past the stopped follower's last entry " + lastIndex);
                lagging.start(true);
                long restarted = System.nanoTime();
                load.pause();
                Set<Long> held = history.held();
                assertThat(ClusterFaultTest.eventually(() -> Admin.leaseIds(lagging.port, lagging.dataDirectory()), held, CATCH_UP))
                        .as("leases on the follower that caught up").containsAll(held);
                long caughtUpMillis = (System.nanoTime() - restarted) / 1_000_000;
                List<Long> snapshots = snapshotIndexes(lagging.dataDirectory());
                assertThat(snapshots).as("the follower's snapshots: the leader's, installed").anyMatch(i -> i > lastIndex);
                load.resume();

                // 2. d is added, then a removed, while the clients go on checking seats out and in.
                List<ReplicationConfig.Peer> four = new ArrayList<>(cluster.peers);
                four.add(dPeer);
                ServerProcess dServer = cluster.server(dPeer, four);
                cluster.servers.add(dServer);
                dServer.start(true);
                long changeStarted = System.nanoTime();
                long leaderAfterRemovalMillis;
                boolean aLed;
                List<ReplicationConfig.Peer> three = four.subList(1, 4);
                try (ClusterAdmin admin = new ClusterAdmin(ReplicationConfig.cluster("a", four))) {
                    admin.setMembers(four);
                    assertThat(ids(admin.members())).as("members after adding d").containsExactlyInAnyOrder("a", "b", "c", "d");
                    // a leads when it is removed: the removal hands leadership over first, so a leader
                    // among b, c and d serves as soon as the command returns, without an election.
                    for (int attempt = 0; attempt < 3 && !"a".equals(leaderId(admin, null)); attempt++) {
                        try {
                            admin.transferLeadership("a");
                        } catch (IOException | RuntimeException e) {
                            System.out.println("cluster membership test: leadership not moved to a (" + e.getMessage() + ")");
                        }
                    }
                    aLed = "a".equals(leaderId(admin, null));
                    assertThat(admin.removeMember("a", four)).isEqualTo(three);
                    long removedAt = System.nanoTime();
                    awaitUntil(() -> leaderId(admin, "a") != null, Duration.ofSeconds(20), "a leader among b, c and d");
                    leaderAfterRemovalMillis = (System.nanoTime() - removedAt) / 1_000_000;
                    assertThat(ids(admin.members())).as("members after removing a").containsExactlyInAnyOrder("b", "c", "d");
                }
                long changeMillis = (System.nanoTime() - changeStarted) / 1_000_000 - leaderAfterRemovalMillis;
                ServerProcess removed = cluster.servers.remove(0);
                long stopped = System.nanoTime();
                removed.kill();
                ServerProcess now = cluster.leader(Duration.ofSeconds(20));
                assertThat(now).as("a leader among b, c and d").isNotNull();
                awaitUntil(() -> history.firstGrantAfterMillis(stopped) >= 0, Duration.ofSeconds(20),
                        "a checkout granted after a was stopped");
                long serviceMillis = history.firstGrantAfterMillis(stopped);
                load.pause();
                Set<Long> stillHeld = history.held();
                assertThat(ClusterFaultTest.eventually(() -> Admin.leaseIds(now.port, now.dataDirectory()), stillHeld, CATCH_UP))
                        .as("leases on the leader %s", now.name).containsAll(stillHeld);
                Set<Long> onD = ClusterFaultTest.eventually(() -> Admin.leaseIds(dServer.port, dServer.dataDirectory()), stillHeld, CATCH_UP);
                if (!onD.containsAll(stillHeld)) {
                    describeStuck(four, dServer);
                }
                assertThat(onD).as("leases on the added peer (its thread dump is in %s.log)", dServer.name).containsAll(stillHeld);
                load.resume();
                System.out.printf("cluster membership test: follower %s (log up to at most %d) caught up from the leader's snapshot (its snapshots: %s), "
                                + "all %d held leases listed %d ms after its restart; d added and a (%s) removed in %d ms, a leader among b, c, d %d ms later "
                                + "(leader now %s), first grant %d ms after a stopped; "
                                + "%d leases checked on %s and d; %d grants, %d denials, %d failed calls in %.1f s%n", lagging.name, lastIndex,
                        snapshots, held.size(), caughtUpMillis, aLed ? "the leader" : "a follower", changeMillis, leaderAfterRemovalMillis, now.name, serviceMillis, stillHeld.size(), now.name,
                        history.grants(), history.denials(), history.failures(), (System.nanoTime() - started) / 1e9);
            }
            neverStarted.kill();
        }
        assertThat(history.lossReports()).as("leases the clients lost").isEmpty();
        assertThat(history.maxConcurrent()).as("seats held at once").isLessThanOrEqualTo(SEATS);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 100 ms; fails the test with {@code what} if it does not hold within {@code timeout}. */
    static void awaitUntil(Condition condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Prints every peer's Raft view and appends {@code stuck}'s thread dump to its log. */
    private static void describeStuck(List<ReplicationConfig.Peer> peers, ServerProcess stuck) throws IOException {
        try (ClusterAdmin admin = new ClusterAdmin(ReplicationConfig.cluster(peers.get(0).id(), peers))) {
            admin.status().forEach(v -> System.out.println("  " + v));
        }
        stuck.dumpThreads();
    }

    /** The peer other than {@code except} that answers as the leader now, or null. */
    private static String leaderId(ClusterAdmin admin, String except) {
        return admin.status().stream().filter(v -> v.problem() == null && "LEADER".equals(v.role()) && !v.id().equals(except))
                .map(ClusterAdmin.PeerView::id).findFirst().orElse(null);
    }

    private static List<String> ids(List<RaftPeerProto> members) {
        return members.stream().map(m -> m.getId().toStringUtf8()).toList();
    }

    /** The names of the files under a peer's raft directory; walked again when Ratis deletes a file during the walk. */
    private static List<String> raftFiles(Path data) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> walk = Files.walk(data.resolve("raft"))) {
                return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                if (attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    private static final java.util.regex.Pattern LOG_FILE = java.util.regex.Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?");
    private static final java.util.regex.Pattern SNAPSHOT_FILE = java.util.regex.Pattern.compile("snapshot\\.\\d+_(\\d+)");

    /** The index of the last entry in {@code peer}'s log, as it reports it over the cluster port (asked until it answers, up to 30 s). */
    static long lastEntryIndex(Cluster cluster, ServerProcess peer) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (ClusterAdmin admin = new ClusterAdmin(cluster.replication())) {
            while (true) {
                ClusterAdmin.PeerView view = admin.status().stream().filter(v -> v.id().equals(peer.name)).findFirst().orElseThrow();
                if (view.problem() == null) {
                    return view.lastEntryIndex();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(peer.name + " did not report its log: " + view.problem());
                }
                Thread.sleep(100);
            }
        }
    }

    /** The first log index a peer still keeps. */
    static long firstLogIndex(Path data) throws IOException {
        long first = Long.MAX_VALUE;
        for (String name : raftFiles(data)) {
            var m = LOG_FILE.matcher(name);
            if (m.matches()) {
                first = Math.min(first, Long.parseLong(m.group(1)));
            }
        }
        return first;
    }

    static List<Long> snapshotIndexes(Path data) throws IOException {
        return raftFiles(data).stream().map(SNAPSHOT_FILE::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> Long.parseLong(m.group(1))).toList();
    }
}
