package io.licman.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Granted;
import io.licman.server.config.ReplicationConfig;
import io.licman.server.ledger.Ledger;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The guard that reloads a ledger left behind the start of its own log by a lost snapshot reload. */
@Timeout(60)
class StalledApplyGuardTest {

    @TempDir
    Path dir;

    /** Indexes set by the test, and a count of reloads. */
    static class Peer implements StalledApplyGuard.Indexes, StalledApplyGuard.Reload {
        long applied;
        long logStart;
        long committed;
        int reloads;
        boolean failReload;
        boolean reloading;

        @Override
        public long applied() {
            return applied;
        }

        @Override
        public long logStart() {
            return logStart;
        }

        @Override
        public long committed() {
            return committed;
        }

        @Override
        public boolean reloading() {
            return reloading;
        }

        @Override
        public void run(long appliedIndex, long start) {
            if (failReload) {
                throw new IllegalStateException("no way in");
            }
            reloads++;
            applied = start - 1;
        }
    }

    @Test
    void aLedgerStuckBehindItsLogIsReloadedOnceTheGapHasLastedThreeSeconds() {
        Peer peer = new Peer();
        peer.applied = 1399;
        peer.logStart = 1500;
        peer.committed = 3972;
        StalledApplyGuard guard = new StalledApplyGuard(peer, peer);

        assertThat(guard.check(10_000)).isFalse();
        assertThat(guard.check(10_000 + StalledApplyGuard.STALL_MILLIS - 1)).isFalse();
        assertThat(guard.check(10_000 + StalledApplyGuard.STALL_MILLIS)).isTrue();

        assertThat(peer.reloads).isEqualTo(1);
        assertThat(guard.check(20_000)).as("applied again from the snapshot").isFalse();
    }

    @Test
    void aGapThatClosesWithinThreeSecondsAsAfterANormalSnapshotInstallationIsLeftAlone() {
        Peer peer = new Peer();
        peer.applied = 1399;
        peer.logStart = 1500;
        peer.committed = 1600;
        StalledApplyGuard guard = new StalledApplyGuard(peer, peer);

        guard.check(0);
        peer.applied = 1499;
        guard.check(1_000);
        peer.applied = 1400;
        peer.logStart = 1400;
        guard.check(5_000);

        assertThat(peer.reloads).isZero();
        assertThat(new StalledApplyGuard(healthy(), peer).check(1_000_000)).isFalse();
    }

    @Test
    void aSlowReloadOfAnInstalledSnapshotIsNotMistakenForAStall() {
        Peer peer = new Peer();
        peer.applied = 1399;
        peer.logStart = 1500;
        peer.committed = 1600;
        peer.reloading = true;
        StalledApplyGuard guard = new StalledApplyGuard(peer, peer);

        for (long now = 0; now <= 4 * StalledApplyGuard.STALL_MILLIS; now += 500) {
            assertThat(guard.check(now)).isFalse();
        }

        assertThat(peer.reloads).isZero();
    }

    @Test
    void aReloadThatCannotBeDoneIsReportedOnceAsNeedingARestart() {
        Peer peer = new Peer();
        peer.applied = 10;
        peer.logStart = 500;
        peer.committed = 600;
        peer.failReload = true;
        StalledApplyGuard guard = new StalledApplyGuard(peer, peer);

        guard.check(0);
        guard.check(StalledApplyGuard.STALL_MILLIS);

        assertThat(guard.gaveUp()).isTrue();
    }

    @Test
    void theGuardStopsReloadingAfterFiveTriesThatDidNotHelp() {
        Peer stubborn = new Peer() {
            @Override
            public void run(long appliedIndex, long start) {
                reloads++;
            }
        };
        stubborn.applied = 10;
        stubborn.logStart = 500;
        stubborn.committed = 600;
        StalledApplyGuard guard = new StalledApplyGuard(stubborn, stubborn);

        for (long now = 0; now < 100_000; now += 500) {
            guard.check(now);
        }

        assertThat(stubborn.reloads).isEqualTo(StalledApplyGuard.MAX_REPAIRS);
        assertThat(guard.gaveUp()).isTrue();
    }

    /**
     * The reload goes through Ratis's own package-private path: on a running standalone ledger it
     * reloads the snapshot taken here and applies the log after it again, ending where it was.
     * (With Java assertions on, Ratis's retry cache complains about the entries applied twice;
     * a peer that needs the reload never applied them.)
     */
    @Test
    void reloadingARunningLedgerFromItsSnapshotThroughRatisKeepsEveryLeaseAndGoesOnGranting() throws Exception {
        try (TestServer server = TestServer.start(dir, List.of(TestServer.feature("cad", 50).build()), null,
                b -> b.replication(ReplicationConfig.standalone()));
             WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            RaftLedgerGateway gateway = (RaftLedgerGateway) server.server().ledger();
            List<Granted> held = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                held.add(client.checkout("cad"));
            }
            long snapshotIndex = gateway.machine().takeSnapshot();
            for (int i = 0; i < 5; i++) {
                held.add(client.checkout("cad"));
            }
            client.checkin(held.remove(0));
            long appliedBefore = gateway.division().getInfo().getLastAppliedIndex();
            assertThat(appliedBefore).isGreaterThan(snapshotIndex);

            StalledApplyGuard.reloadFromNewestSnapshot(gateway.division(), gateway.machine(), snapshotIndex + 1);

            // The reload happens on Ratis's updater thread: wait for it, then for the log after the snapshot to be applied again.
            Set<Long> expected = held.stream().map(Granted::getLeaseId).collect(Collectors.toSet());
            long deadline = System.nanoTime() + 20_000_000_000L;
            Set<Long> inLedger = Set.of();
            while (gateway.machine().getLifeCycleState() != org.apache.ratis.util.LifeCycle.State.RUNNING
                    || gateway.division().getInfo().getLastAppliedIndex() < appliedBefore || !inLedger.equals(expected)) {
                assertThat(System.nanoTime()).as("the reloaded ledger applies the log again; it holds %s", inLedger).isLessThan(deadline);
                Thread.sleep(20);
                inLedger = server.server().ledger().read(Ledger::leases).join().stream().map(l -> l.lease().value()).collect(Collectors.toSet());
            }
            assertThat(inLedger).containsExactlyInAnyOrderElementsOf(expected);
            // A reload on a running leader (never needed there: the guard acts on a ledger behind its log) may make it
            // step down and be elected again: a request in between is refused as retryable.
            Granted next = null;
            while (next == null) {
                try {
                    next = client.checkout("cad");
                } catch (AssertionError refused) {
                    assertThat(System.nanoTime()).as("granting again after the reload: %s", refused.getMessage()).isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            assertThat(next.getLeaseId()).isNotIn(inLedger);
        }
    }

    private static StalledApplyGuard.Indexes healthy() {
        Peer peer = new Peer();
        peer.applied = 2000;
        peer.logStart = 1500;
        peer.committed = 2001;
        return peer;
    }
}
