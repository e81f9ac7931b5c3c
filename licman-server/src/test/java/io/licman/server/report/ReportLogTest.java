package io.licman.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.server.ledger.Applied;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.DenialReason;
import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerEvent;
import io.licman.server.ledger.LedgerResult;
import io.licman.server.policy.LogCategory;
import io.licman.server.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's report log: NOLOG honoured, names hidden when asked, a full queue counted and reported, never silent. */
class ReportLogTest {

    @TempDir
    Path data;
    TestClock clock = new TestClock("2026-06-01T09:00:00Z");
    static final ClientIdentity ALICE = ClientIdentity.of("alice", "ws-alice", "c1");
    static final LedgerCommand COMMAND = new LedgerCommand.Expire(0);

    static Applied events(LedgerEvent... events) {
        return new Applied(new LedgerResult.Swept(0, 0, 0), List.of(events));
    }

    static LedgerEvent.Granted grant(long at, long lease) {
        return new LedgerEvent.Granted(at, new LeaseId(lease), "acme", "cad", "p1", ALICE, 1, 1, 0, false, false, 0, null);
    }

    static LedgerEvent.Denied denial(long at) {
        return new LedgerEvent.Denied(at, "acme", "cad", ALICE, DenialReason.ALL_SEATS_IN_USE, "all seats in use");
    }

    private String log() throws Exception {
        return Files.readString(data.resolve("reports/2026-06-01.jsonl"));
    }

    @Test
    void noLogCategoriesOfTheOptionsFileAreLeftOut() throws Exception {
        long t = clock.millis();
        try (ReportLog log = ReportLog.start(data, clock, 400, false, 1000, "test")) {
            Policy policy = Policy.builder().noLog(LogCategory.DENIED).build();
            log.applied(new LedgerCommand.Reload(t, List.of(), policy, List.of()), events());
            log.applied(COMMAND, events(grant(t, 1), denial(t)));
        }
        assertThat(log()).contains("\"ev\":\"grant\"").doesNotContain("\"ev\":\"deny\"").contains("\"ev\":\"stop\"");
        assertThat(ChainVerifier.of(data).verify().intact()).isTrue();
    }

    @Test
    void hiddenUsersAreKeyedHashesThatStillTellUsersApart() throws Exception {
        long t = clock.millis();
        try (ReportLog log = ReportLog.start(data, clock, 400, true, 1000, "test")) {
            log.applied(COMMAND, events(grant(t, 1), new LedgerEvent.Granted(t, new LeaseId(2), "acme", "cad", "p1",
                    ClientIdentity.of("bob", "ws-bob", "c2"), 1, 1, 0, false, false, 0, null), grant(t, 3)));
        }
        String text = log();
        assertThat(text).doesNotContain("alice").doesNotContain("ws-alice").doesNotContain("bob");
        List<String> users = text.lines().filter(l -> l.contains("\"ev\":\"grant\""))
                .map(l -> l.replaceAll(".*\"user\":\"([^\"]+)\".*", "$1")).toList();
        assertThat(users).hasSize(3);
        assertThat(users.get(0)).startsWith("~").isEqualTo(users.get(2)).isNotEqualTo(users.get(1));
        assertThat(data.resolve(UserHider.KEY_FILE)).exists();
    }

    @Test
    void aFullQueueDropsRecordsCountsThemAndSaysSoInTheLog() throws Exception {
        long t = clock.millis();
        ReportLog log = ReportLog.start(data, clock, 400, false, 2, "test");
        synchronized (log.writerLock()) {
            for (int i = 1; i <= 20; i++) {
                log.applied(COMMAND, events(grant(t, i)));
            }
        }
        log.close();
        assertThat(log.dropped()).isGreaterThan(0);
        String dropped = log().lines().filter(l -> l.contains("\"ev\":\"dropped\"")).findFirst().orElseThrow();
        assertThat(dropped).contains("\"count\":" + log.dropped());
        long grants = log().lines().filter(l -> l.contains("\"ev\":\"grant\"")).count();
        assertThat(grants + log.dropped()).isEqualTo(20);
    }

    @Test
    void eventsADurableLedgerReplaysAtStartAreNotWrittenTwice() throws Exception {
        long t = clock.millis();
        try (ReportLog log = ReportLog.start(data, clock, 400, false, 1000, "first")) {
            log.applied(COMMAND, events(grant(t, 1)));
        }
        clock.set("2026-06-01T09:05:00Z");
        try (ReportLog log = ReportLog.start(data, clock, 400, false, 1000, "second")) {
            log.applied(COMMAND, events(grant(t, 1), grant(clock.millis(), 2)));
            assertThat(log.replayed()).isEqualTo(1);
        }
        assertThat(log().lines().filter(l -> l.contains("\"ev\":\"grant\"")).count()).isEqualTo(2);
        assertThat(ChainVerifier.of(data).verify().intact()).isTrue();
    }

    @Test
    void closingFromAnInterruptedThreadStillWritesTheStopRecord() throws Exception {
        ReportLog log = ReportLog.start(data, clock, 400, false, 1000, "test");
        log.applied(COMMAND, events(grant(clock.millis() + 1, 1)));
        Thread.currentThread().interrupt();
        log.close();
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        assertThat(log()).contains("\"ev\":\"grant\"").contains("\"ev\":\"stop\"");
        assertThat(log.dropped()).isZero();
    }

    @Test
    void capacityIsRecordedWhenItChanges() throws Exception {
        try (ReportLog log = ReportLog.start(data, clock, 400, false, 1000, "test")) {
            log.capacity(List.of(), clock.millis());
        }
        assertThat(log()).contains("\"ev\":\"start\"").contains("\"note\":\"test\"");
    }
}
