package io.licman.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.cli.CliRunner;
import io.licman.cli.CliRunner.Result;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.DenialReason;
import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.LedgerEvent;
import io.licman.server.report.ReportLogWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code licman report} and {@code licman report verify} on a report log written by the server's writer. */
class ReportCommandTest {

    @TempDir
    Path dir;
    Path data;
    CliRunner licman;

    @BeforeEach
    void writeLog() throws Exception {
        data = dir.resolve("data");
        long t = Instant.parse("2026-04-01T09:00:00Z").toEpochMilli();
        try (ReportLogWriter writer = ReportLogWriter.open(data, Clock.fixed(Instant.ofEpochMilli(t), ZoneOffset.UTC), 400, false)) {
            writer.started(t, "test");
            writer.capacity(t, "acme", "cad", 1, 0, 0);
            ClientIdentity ann = ClientIdentity.of("ann", "pc1", "c1");
            ClientIdentity ben = ClientIdentity.of("ben", "pc2", "c2");
            writer.append(new LedgerEvent.Granted(t, new LeaseId(1), "acme", "cad", "p", ann, 1, 1, 0, false, false, 0, null));
            writer.append(new LedgerEvent.Denied(t + 60_000, "acme", "cad", ben, DenialReason.ALL_SEATS_IN_USE, "busy"));
            writer.append(new LedgerEvent.CheckedIn(t + 7_200_000, new LeaseId(1), "acme", "cad", ann, 1));
            writer.flush();
        }
        licman = new CliRunner(dir, Instant.parse("2026-04-03T12:00:00Z"));
    }

    @Test
    void aTableReportSummarisesEachFeature() {
        Result r = licman.run("report", "--from", "2026-04-01", "--to", "2026-04-01", "--data", data.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("acme/cad").contains("2.0").contains("top users: ann 2.0 h");
    }

    @Test
    void htmlGoesToOneSelfContainedFile() throws Exception {
        Result r = licman.run("report", "--from", "2026-04-01", "--to", "2026-04-02", "--format", "html", "--out", "usage.html",
                "--data", data.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String html = Files.readString(dir.resolve("usage.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("acme/cad").doesNotContain("<script src");
    }

    @Test
    void csvAndJsonCarryTheSameFigures() {
        Result csv = licman.run("report", "--from", "2026-04-01", "--to", "2026-04-01", "--format", "csv", "--data", data.toString());
        assertThat(csv.out().lines().filter(l -> l.startsWith("acme,cad,2026-04-01T09")).findFirst().orElseThrow()).contains(",1,1,1.0,");
        Result json = licman.run("report", "--from", "2026-04-01", "--to", "2026-04-01", "--format", "json", "--true-denial-minutes", "30",
                "--data", data.toString());
        assertThat(json.out()).contains("\"trueDenials\" : 1").contains("\"trueDenialMinutes\" : 30");
    }

    @Test
    void verifyPassesOnAnIntactLogAndNamesTheLineOfAnEdit() throws Exception {
        Result ok = licman.run("report", "verify", "--data", data.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("chain intact");

        Path file = data.resolve("reports/2026-04-01.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).replace("\"ann\"", "\"eve\""));
        Files.write(file, lines);
        Result broken = licman.run("report", "verify", "--data", data.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("2026-04-01.jsonl:3:");
    }

    @Test
    void badDatesAreUsageErrors() {
        Result r = licman.run("report", "--from", "yesterday", "--data", data.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("YYYY-MM-DD");
    }
}
