package io.licman.server.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Report figures on a small hand-made history of a 2-seat feature over two days, checked by hand:
 *
 * <pre>
 * day 1  09:00 alice A  09:30 bob B  (2 in use)  10:00 carol denied, 10:05 again (retry)
 *        10:30 A in  10:31 carol C  11:00 dave denied  11:05 B in  11:06 dave D  11:31 C in  11:36 D in
 *        23:55 erin denied (reserved)  23:56 frank denied (excluded by policy)
 * day 2  00:03 erin E  00:33 E in  01:00 gus G borrowed  02:00 G in
 * </pre>
 */
class UsageAggregationTest {

    private static final LocalDate DAY1 = LocalDate.parse("2026-03-02");
    private static final LocalDate DAY2 = LocalDate.parse("2026-03-03");

    @TempDir
    Path data;

    @BeforeEach
    void writeHistory() throws Exception {
        TestClock clock = new TestClock("2026-03-02T00:00:00Z");
        try (ReportLogWriter writer = ReportLogWriter.open(data, clock, 400, false)) {
            new History(writer).raw("2026-03-02T00:00:00Z", "start").capacity("2026-03-02T00:00:00Z", "cad", 2)
                    .grant("2026-03-02T09:00:00Z", "cad", "alice", "a").grant("2026-03-02T09:30:00Z", "cad", "bob", "b")
                    .deny("2026-03-02T10:00:00Z", "cad", "carol", "ALL_SEATS_IN_USE").deny("2026-03-02T10:05:00Z", "cad", "carol", "ALL_SEATS_IN_USE")
                    .checkin("2026-03-02T10:30:00Z", "cad", "alice", "a").grant("2026-03-02T10:31:00Z", "cad", "carol", "c")
                    .deny("2026-03-02T11:00:00Z", "cad", "dave", "ALL_SEATS_IN_USE").checkin("2026-03-02T11:05:00Z", "cad", "bob", "b")
                    .grant("2026-03-02T11:06:00Z", "cad", "dave", "d").checkin("2026-03-02T11:31:00Z", "cad", "carol", "c")
                    .checkin("2026-03-02T11:36:00Z", "cad", "dave", "d")
                    .deny("2026-03-02T23:55:00Z", "cad", "erin", "RESERVED_FOR_OTHERS").deny("2026-03-02T23:56:00Z", "cad", "frank", "EXCLUDED_BY_POLICY")
                    .grant("2026-03-03T00:03:00Z", "cad", "erin", "e").checkin("2026-03-03T00:33:00Z", "cad", "erin", "e")
                    .grant("2026-03-03T01:00:00Z", "cad", "gus", "g").borrow("2026-03-03T01:00:00Z", "g")
                    .checkin("2026-03-03T02:00:00Z", "cad", "gus", "g");
            writer.flush();
        }
    }

    private UsageReport report(LocalDate from, LocalDate to, int minutes) throws Exception {
        return UsageReport.build(data, from, to, "cad", minutes, Instant.parse("2026-03-05T12:00:00Z").toEpochMilli());
    }

    @Test
    void peakIsTheMostSeatsInUseAtOncePerHourAndDay() throws Exception {
        UsageReport.FeatureReport cad = report(DAY1, DAY1, 10).features().get(0);
        assertThat(cad.peak()).isEqualTo(2);
        assertThat(cad.peakAt()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(cad.capacity()).isEqualTo(2);
        assertThat(cad.hours()).hasSize(24);
        assertThat(cad.hours().get(8).peak()).isZero();
        assertThat(cad.hours().get(9).peak()).isEqualTo(2);
        assertThat(cad.hours().get(11).peak()).isEqualTo(2);
        assertThat(cad.hours().get(12).peak()).isZero();
        assertThat(cad.days()).singleElement().satisfies(d -> assertThat(d.peak()).isEqualTo(2));
    }

    @Test
    void seatHoursIntegrateSeatsInUseOverTime() throws Exception {
        UsageReport.FeatureReport cad = report(DAY1, DAY1, 10).features().get(0);
        // alice 1.5 h + bob 1 h 35 min + carol 1 h + dave 0.5 h
        assertThat(cad.seatHours()).isCloseTo(4.58, within(0.01));
        assertThat(cad.hours().get(9).seatHours()).isCloseTo(1.5, within(0.01));
        assertThat(cad.hours().get(10).seatHours()).isCloseTo(1.98, within(0.01));
    }

    @Test
    void utilisationIsSeatHoursOverLicensedSeatHours() throws Exception {
        UsageReport.FeatureReport cad = report(DAY1, DAY1, 10).features().get(0);
        assertThat(cad.utilisation()).isCloseTo(100 * 4.5833 / 48, within(0.01));
        UsageReport.FeatureReport both = report(DAY1, DAY2, 10).features().get(0);
        assertThat(both.utilisation()).isCloseTo(100 * (4.5833 + 0.5 + 1.0) / 96, within(0.01));
    }

    @Test
    void trueDenialsAreRefusalsNotFollowedByASeatWithinTheWindowCountingRetriesOnce() throws Exception {
        UsageReport.FeatureReport cad = report(DAY1, DAY1, 10).features().get(0);
        assertThat(cad.denials()).isEqualTo(5);
        // carol (31 min to a seat; her retry counts once); not dave (6 min), not erin (8 min, the next day),
        // not frank (excluded by policy: not for want of a seat).
        assertThat(cad.trueDenials()).isEqualTo(1);
        assertThat(cad.denialsByReason()).containsEntry("ALL_SEATS_IN_USE", 3L).containsEntry("EXCLUDED_BY_POLICY", 1L);
        assertThat(report(DAY1, DAY1, 40).features().get(0).trueDenials()).isZero();
        assertThat(report(DAY1, DAY1, 5).features().get(0).trueDenials()).isEqualTo(3);
    }

    @Test
    void topUsersAreRankedByLicenseHours() throws Exception {
        UsageReport.FeatureReport cad = report(DAY1, DAY1, 10).features().get(0);
        assertThat(cad.topUsers()).extracting(UsageReport.UserRow::user).startsWith("bob", "alice", "carol", "dave");
        assertThat(cad.topUsers().get(0).licenseHours()).isCloseTo(1.58, within(0.01));
        assertThat(cad.grants()).isEqualTo(4);
    }

    @Test
    void borrowedSeatsAreCounted() throws Exception {
        UsageReport.FeatureReport cad = report(DAY2, DAY2, 10).features().get(0);
        assertThat(cad.borrowPeak()).isEqualTo(1);
        assertThat(cad.borrows()).isEqualTo(1);
        assertThat(cad.hours().get(1).peak()).isEqualTo(1);
    }

    @Test
    void everyFormatRendersTheSameFigures() throws Exception {
        UsageReport r = report(DAY1, DAY2, 10);
        assertThat(ReportFormats.table(r)).contains("acme/cad").contains("2026-03-02").contains("top users: bob");
        assertThat(ReportFormats.csv(r).lines()).hasSize(1 + 48).first().asString().startsWith("vendor,feature,hour_start_utc");
        assertThat(ReportFormats.json(r)).contains("\"trueDenials\" : 1");
        assertThat(ReportFormats.html(r)).contains("<svg").doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    }
}
