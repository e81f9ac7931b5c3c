package io.licman.server.report;

import java.io.IOException;
import java.time.Instant;

/** Writes hand-made report records through the real writer, for tests. */
final class History {

    private final ReportLogWriter writer;

    History(ReportLogWriter writer) {
        this.writer = writer;
    }

    History capacity(String at, String feature, int seats) throws IOException {
        ReportRecord r = record(at, "capacity", feature);
        r.seats = seats;
        writer.append(r);
        return this;
    }

    History grant(String at, String feature, String user, String lease) throws IOException {
        ReportRecord r = record(at, "grant", feature);
        r.user = user;
        r.host = user + "-pc";
        r.lease = lease;
        r.count = 1;
        r.seats = 1;
        writer.append(r);
        return this;
    }

    History end(String at, String ev, String feature, String user, String lease) throws IOException {
        ReportRecord r = record(at, ev, feature);
        r.user = user;
        r.host = user + "-pc";
        r.lease = lease;
        r.seats = 1;
        writer.append(r);
        return this;
    }

    History checkin(String at, String feature, String user, String lease) throws IOException {
        return end(at, "checkin", feature, user, lease);
    }

    History deny(String at, String feature, String user, String reason) throws IOException {
        ReportRecord r = record(at, "deny", feature);
        r.user = user;
        r.host = user + "-pc";
        r.reason = reason;
        writer.append(r);
        return this;
    }

    History borrow(String at, String lease) throws IOException {
        ReportRecord r = ReportRecord.of(Instant.parse(at).toEpochMilli(), "borrow");
        r.lease = lease;
        writer.append(r);
        return this;
    }

    History raw(String at, String ev) throws IOException {
        writer.append(ReportRecord.of(Instant.parse(at).toEpochMilli(), ev));
        return this;
    }

    private static ReportRecord record(String at, String ev, String feature) {
        ReportRecord r = ReportRecord.of(Instant.parse(at).toEpochMilli(), ev);
        r.vendor = "acme";
        r.feature = feature;
        return r;
    }
}
