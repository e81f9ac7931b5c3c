package io.licman.it.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone server process under checkout/checkin load is killed with SIGKILL at random
 * moments and started again on the same data directory. After every restart each lease a client
 * was told it holds is still in the ledger with its id, the clients resume their leases without
 * losing any, and by the clients' own record no more seats were ever held than licensed. The
 * server must keep granting: every round whose check finds a seat free in the ledger has a grant
 * before the next kill; once the kills stop no seat a client gave back is still taken, and once
 * the clients stop no lease is left, within a lease TTL plus the expiry sweep and 2 s (see
 * {@link Rounds}).
 * {@code -Dlicman.soak=true} runs many more rounds.
 */
@Timeout(600)
class StandaloneCrashTest {

    static final int SEATS = 6;
    static final int CLIENTS = 8;
    /** Clients that hold one lease for the whole run. */
    static final int HOLDERS = 2;
    static final boolean SOAK = Boolean.getBoolean("licman.soak");
    static final int ROUNDS = Integer.getInteger("licman.crash.rounds", SOAK ? 60 : 5);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedLeaseSurvivesSigkillAndNoSeatIsOverGranted() throws Exception {
        ServerProcess.writeLicenses(dir, List.of(TestServer.feature("cad", SEATS).build()));
        int port = ServerProcess.freePort();
        History history = new History();
        Random random = new Random();
        long started = System.nanoTime();
        int checkedLeases = 0;
        Rounds rounds = new Rounds(SEATS);
        List<String> strayAtEnd;
        long recoveryMillis;
        long grantsAtEnd;
        int freeAtEnd;
        int leftAfterClose;
        long closeMillis;
        try (ServerProcess server = new ServerProcess("solo", ServerProcess.writeConfig(dir, "solo", port, ""), port)) {
            server.start(true);
            try (LoadClients load = new LoadClients(server.endpoint(), CLIENTS, HOLDERS, "cad", history)) {
                for (int round = 0; round < ROUNDS; round++) {
                    Thread.sleep(600 + random.nextInt(1_800));
                    if (round > 0) {
                        rounds.awaitGrantIfFree(history, Duration.ofSeconds(15));
                        rounds.ended();
                    }
                    server.kill();
                    Thread.sleep(random.nextInt(300));
                    server.start(true);
                    load.pause();
                    Set<Long> held = history.held();
                    Set<Long> inLedger = Admin.leaseIds(port, server.dataDirectory());
                    assertThat(inLedger).as("round %d: leases the clients hold", round).containsAll(held);
                    checkedLeases += held.size();
                    rounds.checked(inLedger, held);
                    load.resume();
                }
                Thread.sleep(1_500);
                rounds.awaitGrantIfFree(history, Duration.ofSeconds(15));
                rounds.ended();
                // The kills stop: every seat a client gave back must be free again, its check-in finished after the reconnect.
                long recoveryStart = System.nanoTime();
                long deadline = recoveryStart + Rounds.LEAK_BOUND.toNanos();
                strayAtEnd = Rounds.awaitNoStray(load, history, () -> Admin.leases(port, server.dataDirectory()), () -> deadline);
                recoveryMillis = (System.nanoTime() - recoveryStart) / 1_000_000;
                freeAtEnd = SEATS - HOLDERS - Rounds.lostGrants(strayAtEnd).size();
                long since = System.nanoTime();
                Thread.sleep(1_000);
                grantsAtEnd = history.grantsBetween(since, System.nanoTime());
            }
            // The clients have stopped (their leases checked in): a lease that never reached them is freed within a TTL.
            long closedAt = System.nanoTime();
            leftAfterClose = Rounds.awaitEmpty(() -> Admin.leases(port, server.dataDirectory()), closedAt);
            closeMillis = (System.nanoTime() - closedAt) / 1_000_000;
        }
        System.out.printf("standalone crash test: %d SIGKILLs in %.1f s, %d grants, %d denials, %d failed calls, "
                        + "%d held leases checked after restarts, at most %d of %d seats held at once%n", ROUNDS,
                (System.nanoTime() - started) / 1e9, history.grants(), history.denials(), history.failures(), checkedLeases,
                history.maxConcurrent(), SEATS);
        System.out.printf("  %s%n  after the last kill: %d ms until the ledger held no seat a client gave back (leases no client held: "
                + "%s), then %d grants in 1 s with %d seat(s) neither held all along nor lost with a grant; "
                + "after the clients stopped: %d lease(s) left after %d ms%n",
                rounds.summary(history), recoveryMillis, strayAtEnd, grantsAtEnd, freeAtEnd, leftAfterClose, closeMillis);
        assertThat(history.lossReports()).as("leases the clients lost").isEmpty();
        assertThat(history.maxConcurrent()).as("seats held at once").isLessThanOrEqualTo(SEATS);
        assertThat(rounds.freeSeatsNotGranted(history)).as("rounds with a free seat in the ledger and no grant").isEmpty();
        assertThat(Rounds.givenBack(strayAtEnd)).as("leases given back but still in the ledger %s after the last restart",
                Rounds.LEAK_BOUND).isEmpty();
        if (freeAtEnd > 0) {
            assertThat(grantsAtEnd).as("grants with %d seat(s) free after the last kill", freeAtEnd).isPositive();
        }
        assertThat(leftAfterClose).as("leases in the ledger %s after the clients stopped", Rounds.LEAK_BOUND).isZero();
    }
}
