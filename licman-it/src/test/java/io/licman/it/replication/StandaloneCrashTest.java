package io.licman.it.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.server.testing.TestServer;
import java.nio.file.Path;
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
 * losing any, and by the clients' own record no more seats were ever held than licensed.
 * {@code -Dlicman.soak=true} runs many more rounds.
 */
@Timeout(600)
class StandaloneCrashTest {

    static final int SEATS = 6;
    static final int CLIENTS = 8;
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
        try (ServerProcess server = new ServerProcess("solo", ServerProcess.writeConfig(dir, "solo", port, ""), port)) {
            server.start(true);
            try (LoadClients load = new LoadClients(server.endpoint(), CLIENTS, 2, "cad", history)) {
                for (int round = 0; round < ROUNDS; round++) {
                    Thread.sleep(600 + random.nextInt(1_800));
                    server.kill();
                    Thread.sleep(random.nextInt(300));
                    server.start(true);
                    load.pause();
                    Set<Long> held = history.held();
                    Set<Long> inLedger = Admin.leaseIds(port, server.dataDirectory());
                    assertThat(inLedger).as("round %d: leases the clients hold", round).containsAll(held);
                    checkedLeases += held.size();
                    load.resume();
                }
                Thread.sleep(1_500);
            }
        }
        System.out.printf("standalone crash test: %d SIGKILLs in %.1f s, %d grants, %d denials, %d failed calls, "
                        + "%d held leases checked after restarts, at most %d of %d seats held at once%n", ROUNDS,
                (System.nanoTime() - started) / 1e9, history.grants(), history.denials(), history.failures(), checkedLeases,
                history.maxConcurrent(), SEATS);
        assertThat(history.lossReports()).as("leases the clients lost").isEmpty();
        assertThat(history.maxConcurrent()).as("seats held at once").isLessThanOrEqualTo(SEATS);
        assertThat(history.grants()).isGreaterThan(ROUNDS * 5L);
    }
}
